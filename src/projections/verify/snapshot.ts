import Database from 'better-sqlite3';
import type { ReadModelDb } from '../runner/projection.js';

export interface Snapshot {
  readonly db: ReadModelDb;
  close(): void;
}

/**
 * A read-only connection to a read-model file, held in one read transaction: with WAL, it keeps
 * seeing the database as it was when the transaction began while the server goes on writing. As
 * each batch commits rows and checkpoints together, what it sees is a whole read model at one
 * position of the log.
 */
export const openSnapshot = (file: string): Snapshot => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.exec('BEGIN');
    // A deferred transaction takes its snapshot at the first read.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    close: () => {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
};
