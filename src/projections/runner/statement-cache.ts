import type BetterSqlite3 from 'better-sqlite3';
import type { ReadModelDb } from './projection.js';

const caches = new WeakMap<ReadModelDb, Map<string, BetterSqlite3.Statement>>();

/**
 * A prepared statement, prepared once per database and SQL text: projections run the same few
 * statements for every event of a rebuild. SQLite re-prepares a statement by itself when the
 * schema changed (a projection reset drops and recreates its tables), so entries never go stale.
 */
export const prepared = (db: ReadModelDb, sql: string): BetterSqlite3.Statement => {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
};
