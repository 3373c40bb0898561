import SqliteDatabase from 'better-sqlite3';

/**
 * SQLite could not write its file: the disk is full, the file cannot grow, the file system went
 * read-only or failed. Unlike a bad event, this passes once the operator frees space or fixes the
 * disk, and nothing was written: the transaction was rolled back.
 */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

type SqliteError = InstanceType<typeof SqliteDatabase.SqliteError>;

/** The SQLite storage failure behind `error` (looked for down its causes), if that is what it is. */
export const storageFailureOf = (error: unknown): SqliteError | undefined => {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (cause instanceof SqliteDatabase.SqliteError && STORAGE_CODES.test(cause.code)) return cause;
    cause = cause.cause;
  }
  return undefined;
};

/** SQLite's words and code, and for an I/O error what it most often is. */
export const explainStorageFailure = (failure: SqliteError): string =>
  `${failure.message} (${failure.code})${failure.code.startsWith('SQLITE_IOERR') ? ': is the disk full or failing?' : ''}`;

/** The read models could not be written; the runner retries the same events until they can. */
export class ReadModelWriteError extends Error {
  override readonly name = 'ReadModelWriteError';
  constructor(readonly failure: SqliteError) {
    super(`the read models cannot be written: ${explainStorageFailure(failure)}`, { cause: failure });
  }
}
