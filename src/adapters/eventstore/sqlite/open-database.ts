import Database from 'better-sqlite3';
import { migrate } from './schema.js';

export type Durability = 'full' | 'normal';

export interface ConnectionSettings {
  readonly path: string;
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
}

/** Opens (creating if needed) an event store file, configured to be shared between processes. */
export const openDatabase = ({ path, durability, busyTimeoutMs }: ConnectionSettings): Database.Database => {
  // `timeout` is SQLite's busy timeout: a writer waits this long for another process's lock
  // instead of failing at once.
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    // WAL lets readers (other processes' projections) proceed while one process writes.
    db.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit, so an acknowledged append survives a power cut;
    // NORMAL may lose the last commits then, but never corrupts the file.
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};
