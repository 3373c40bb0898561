import type { ReadModelDb } from '../../../src/projections/runner/projection.js';

/**
 * Every row of every table of the read-model database, ordered by primary key (rowid included
 * for rowid tables, since listings follow it): two databases holding the same read model dump
 * identically.
 */
export const dumpTables = (db: ReadModelDb): Record<string, unknown[]> => {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const keys = (
      db.prepare(`SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(name) as {
        name: string;
      }[]
    ).map((column) => column.name);
    const order = keys.length > 0 ? keys.join(', ') : 'rowid';
    dump[name] = db.prepare(`SELECT rowid AS _rowid, * FROM "${name}" ORDER BY ${order}`).all();
  }
  return dump;
};

/** Table and index definitions, to check a rebuild recreates the same schema. */
export const dumpSchema = (db: ReadModelDb): unknown[] =>
  db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
