import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore } from '../../eventstore/port.js';
import { ownedNames } from '../rebuild/shadow-names.js';
import type { Checkpoint } from '../runner/checkpoint-table.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { openReadModelDb } from '../runner/read-model-db.js';
import { compareTable, type TableDivergence } from './compare-table.js';

export interface Divergence extends TableDivergence {
  readonly projection: string;
}

export interface VerifyReport {
  readonly identical: boolean;
  /** The log position the stored read model was at, and was compared at. */
  readonly position: number;
  readonly projections: number;
  readonly tables: number;
  readonly rows: number;
  /** The first divergences found (at most `maxDivergences`). */
  readonly divergences: readonly Divergence[];
  /** How many more were found and not listed. */
  readonly more: number;
}

export interface VerifyOptions {
  readonly store: EventStore;
  /**
   * The stored read model, on a connection of its own held in a read transaction (see
   * openSnapshot): the rows compared are those of one instant, whatever the server writes since.
   */
  readonly stored: ReadModelDb;
  readonly projections: readonly Projection[];
  readonly maxDivergences?: number;
  /** The position the rebuild in memory has reached, and the one it goes to. */
  readonly onProgress?: (position: number, end: number) => void;
  /** Gives up between two batches of the rebuild in memory (the promise rejects). */
  readonly signal?: AbortSignal;
}

const storedCheckpoints = (db: ReadModelDb): Map<string, Checkpoint> => {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'projection_checkpoints'")
    .get();
  if (exists === undefined) return new Map();
  const rows = db.prepare('SELECT name, version, position FROM projection_checkpoints').all() as Checkpoint[];
  return new Map(rows.map((row) => [row.name, row]));
};

/**
 * Rebuilds every projection in a `:memory:` database up to the position the stored read model is
 * at, and compares them table by table, row by row. A projection stored at another position than
 * the others is compared with the rebuild at its own position.
 */
export const verifyReadModels = async (options: VerifyOptions): Promise<VerifyReport> => {
  const { store, stored, projections } = options;
  const max = options.maxDivergences ?? 100;
  const divergences: Divergence[] = [];
  let found = 0;
  const report = (divergence: Divergence): void => {
    if (found++ < max) divergences.push(divergence);
  };

  const checkpoints = storedCheckpoints(stored);
  const byPosition = new Map<number, Projection[]>();
  for (const projection of projections) {
    const checkpoint = checkpoints.get(projection.name);
    const table = 'projection_checkpoints';
    if (checkpoint === undefined) {
      report({ projection: projection.name, table, message: 'never built: no checkpoint' });
    } else if (checkpoint.version !== projection.version) {
      report({
        projection: projection.name,
        table,
        message: `built by version ${checkpoint.version} of the projection, the code is at version ${projection.version}`,
      });
    } else {
      byPosition.set(checkpoint.position, [...(byPosition.get(checkpoint.position) ?? []), projection]);
    }
  }
  const positions = [...byPosition.keys()].sort((a, b) => a - b);
  const end = positions.at(-1) ?? -1;

  const memory = openReadModelDb(':memory:');
  const runner = new ProjectionRunner({
    store,
    db: memory,
    projections,
    afterBatch: async (position) => {
      options.onProgress?.(position, end);
      await nextTurn();
    },
  });
  let tables = 0;
  let rows = 0;
  try {
    for (const position of positions) {
      const reached = await runner.catchUp({
        until: position,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      options.signal?.throwIfAborted();
      const head = reached < position ? await store.headPosition() : reached;
      for (const projection of byPosition.get(position)!) {
        if (head < position) {
          report({
            projection: projection.name,
            table: 'projection_checkpoints',
            message: `the read model is at position ${position}, past the end of the log (${head})`,
          });
          continue;
        }
        for (const table of ownedNames(projection).tables) {
          const mode = projection.drained?.includes(table) ? 'stored-subset' : 'exact';
          tables++;
          rows += await compareTable(memory, stored, table, mode, (divergence) =>
            report({ projection: projection.name, ...divergence }),
          );
        }
      }
    }
  } finally {
    await runner.stop();
    memory.close();
  }
  options.onProgress?.(end, end);
  return {
    identical: found === 0,
    position: end,
    projections: projections.length,
    tables,
    rows,
    divergences,
    more: Math.max(0, found - max),
  };
};
