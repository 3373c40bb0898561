import { MemoryEventStore } from '../../../src/adapters/eventstore/memory/memory-event-store.js';
import type { EventStore } from '../../../src/eventstore/port.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../../../src/projections/read-models.js';
import type { Projection, ReadModelDb } from '../../../src/projections/runner/projection.js';
import {
  ProjectionRunner,
  type ProjectionRunnerOptions,
} from '../../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';

/** A fixed clock so two read models built from the same log at different times are identical. */
export const fixedClock = (): (() => Date) => {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  return () => {
    tick += 1000;
    return new Date(tick);
  };
};

export interface Harness {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  readonly models: ReadModels;
}

export const newStore = (): MemoryEventStore => new MemoryEventStore({ clock: fixedClock() });

export const newHarness = (
  options: {
    readonly store?: EventStore;
    readonly db?: ReadModelDb;
    readonly projections?: readonly Projection[];
  } & Partial<Pick<ProjectionRunnerOptions, 'batchSize' | 'logger'>> = {},
): Harness => {
  const store = options.store ?? newStore();
  const db = options.db ?? openReadModelDb(':memory:');
  const runner = new ProjectionRunner({
    store,
    db,
    projections: options.projections ?? ALL_PROJECTIONS,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return { store, db, runner, models: createReadModels(db) };
};
