import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Add a
 * new entry to change the schema, never edit a released one: files written by older versions
 * must still open.
 */
const MIGRATIONS: readonly string[] = [
  // 1: the event log. `position` is the rowid (no AUTOINCREMENT: positions only need to grow,
  // and rows are never deleted). UNIQUE(stream, revision) is the optimistic-concurrency guard
  // and, as an index, also how a stream is read.
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY,
     id             TEXT    NOT NULL UNIQUE,
     stream         TEXT    NOT NULL,
     revision       INTEGER NOT NULL,
     type           TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT    NOT NULL,
     recorded_at    INTEGER NOT NULL,
     UNIQUE (stream, revision)
   ) STRICT;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const userVersion = (db: Database): number => db.pragma('user_version', { simple: true }) as number;

/** Brings the file to the current schema; refuses a file written by a newer provd. */
export const migrate = (db: Database): void => {
  // Cheap check first so opening an up-to-date file does not take the write lock.
  if (userVersion(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Re-read under the write lock: another process may have migrated meanwhile.
    const current = userVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `event store schema version ${current} is newer than this provd supports (${SCHEMA_VERSION})`,
      );
    }
    for (const migration of MIGRATIONS.slice(current)) db.exec(migration);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
};
