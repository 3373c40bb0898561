import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The data directory cannot be used: its message says what to fix. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/** The files provd writes in its data directory (a file present must be writable too). */
const FILES = ['events.db', 'readmodel.db', 'provd.lock'] as const;

const codeOf = (error: unknown): string => (error as { code?: string }).code ?? (error as Error).message;

/**
 * Fails with a message naming the directory and the cause when provd could not write its data
 * there: SQLite would only say "unable to open database file", or open a read-only file and
 * fail at the first write, once phones are being served.
 */
export const checkDataDirWritable = (dir: string): void => {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new DataDirError(`cannot create the data directory ${dir} (${codeOf(error)})`);
  }
  for (const path of [dir, ...FILES.map((file) => join(dir, file)).filter((file) => existsSync(file))]) {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new DataDirError(
        `${path === dir ? 'the data directory' : 'the file'} ${path} is not writable (${codeOf(error)}): ` +
          'provd keeps its event log and read models there; give its user write access or set PROVD_DATA_DIR',
      );
    }
  }
};

export interface DataDirLock {
  release(): void;
}

/**
 * Holds the data directory for this process: a second server on the same read models, or an
 * offline rebuild while a server runs, would apply events twice. The lock is SQLite's own file
 * lock on `provd.lock`, which the system releases however the process ends (kill -9 included).
 */
export const lockDataDir = (dir: string): DataDirLock => {
  checkDataDirWritable(dir);
  const db = new Database(join(dir, 'provd.lock'), { timeout: 0 });
  try {
    // In exclusive mode SQLite keeps the lock of its first write transaction until closed.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if (codeOf(error) === 'SQLITE_BUSY') {
      throw new DataDirError(`the data directory ${dir} is in use by another provd process`);
    }
    throw error;
  }
  return { release: () => db.close() };
};
