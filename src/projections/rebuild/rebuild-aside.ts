import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore } from '../../eventstore/port.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { ProjectionRunner, type RunnerLogger } from '../runner/projection-runner.js';
import { shadowView } from './shadow-names.js';
import { discardShadow, pendingRebuild, renameSwappedIndexes, swapShadowIn } from './shadow-tables.js';

export interface RebuildAsideOptions {
  readonly store: EventStore;
  /** The live read-model database, which the live runner keeps following the log meanwhile. */
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  readonly projections: readonly Projection[];
  /** Carry on with what a stopped rebuild of the same projections built, rather than start over. */
  readonly resume?: boolean;
  readonly batchSize?: number;
  /** The position the copy has reached, and the head of the log; awaited between batches. */
  readonly onProgress?: (position: number, head: number) => Promise<void> | void;
  /** Stops between two batches; what was built stays aside for `resume`. */
  readonly signal?: AbortSignal;
  readonly logger?: RunnerLogger;
}

export type RebuildOutcome = 'swapped' | 'stopped';

/**
 * Rebuilds projections from the start of the log into shadow tables while the live ones keep
 * serving reads and following the log, then swaps them in. The copy is built by a runner of its
 * own, batch after batch (yielding to the event loop in between so requests are served); its
 * checkpoints are stored aside too, so a rebuild stopped by a crash resumes where it was. Last,
 * with the live runner paused, the copy applies what was appended meanwhile and replaces the
 * stored tables in one transaction with the checkpoints; the indexes get their names back after.
 */
export const rebuildAside = async (options: RebuildAsideOptions): Promise<RebuildOutcome> => {
  const { store, db, runner, projections, signal } = options;
  if (options.resume !== true) discardShadow(db);
  else {
    const names = new Set(projections.map((projection) => projection.name));
    const pending = pendingRebuild(db);
    if (pending.some(({ name }) => !names.has(name))) discardShadow(db);
  }
  let head = await store.headPosition();
  const shadow = new ProjectionRunner({
    store,
    db: shadowView(db, projections),
    projections,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    afterBatch: async (position) => {
      if (position > head) head = await store.headPosition();
      await options.onProgress?.(position, head);
      await nextTurn();
    },
  });
  const caughtUp = async (): Promise<boolean> => {
    await shadow.catchUp(signal === undefined ? {} : { signal });
    return signal?.aborted !== true;
  };
  // Twice: the second pass takes what was appended during the first, so that little is left
  // for the final pass, during which the live read model waits.
  if (!(await caughtUp()) || !(await caughtUp())) return 'stopped';
  await runner.swapIn(async () => {
    await shadow.catchUp();
    const positions = new Map(shadow.checkpoints().map(({ name, position }) => [name, position]));
    swapShadowIn(db, projections, positions);
    head = Math.max(head, shadow.position());
    return positions;
  });
  await renameSwappedIndexes(db);
  await options.onProgress?.(shadow.position(), head);
  return 'swapped';
};
