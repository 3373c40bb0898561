import Database from 'better-sqlite3';
import type { ReadModelDb } from './projection.js';

/**
 * Opens the read-model database (its own file, e.g. `<dataDir>/readmodel.db`; `:memory:` in
 * tests). WAL lets REST reads proceed while the runner writes. `synchronous = NORMAL` may lose the
 * last transactions on a power cut; that is acceptable here, unlike in the event log, because
 * the read model is derived: its checkpoints are lost together with the rows, and the runner
 * re-applies the missing events from the log.
 */
export const openReadModelDb = (file: string): ReadModelDb => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
};
