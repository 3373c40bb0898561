import type { ReadModelDb } from './projection.js';
import { prepared } from './statement-cache.js';

export interface Checkpoint {
  readonly name: string;
  /** Version of the projection code that built the stored rows. */
  readonly version: number;
  /** Position of the last event applied; -1 before the first. */
  readonly position: number;
}

/**
 * Checkpoints live in the read-model database itself and are written in the same transaction as
 * the rows they describe: after a crash both are at the same point of the log.
 */
export const setupCheckpointTable = (db: ReadModelDb): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL
  )`);
};

export const loadCheckpoints = (db: ReadModelDb): Map<string, Checkpoint> => {
  const rows = prepared(
    db,
    'SELECT name, version, position FROM projection_checkpoints',
  ).all() as Checkpoint[];
  return new Map(rows.map((row) => [row.name, row]));
};

export const saveCheckpoint = (db: ReadModelDb, checkpoint: Checkpoint): void => {
  prepared(
    db,
    `INSERT INTO projection_checkpoints (name, version, position) VALUES (@name, @version, @position)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
  ).run(checkpoint);
};
