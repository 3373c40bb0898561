import Database from 'better-sqlite3';
import type { Projection, ReadModelDb } from '../runner/projection.js';

/** What a table or index being rebuilt aside is called until it is swapped in. */
export const SHADOW_PREFIX = 'rebuild__';

/** The checkpoint table of the runner, whose rows describe the rows of the projections' tables. */
export const CHECKPOINT_TABLE = 'projection_checkpoints';

export interface OwnedNames {
  readonly tables: readonly string[];
  /** Named indexes only: SQLite renames the automatic ones (primary keys, UNIQUE) with their table. */
  readonly indexes: readonly string[];
}

const owned = new WeakMap<Projection, OwnedNames>();

/**
 * The tables and indexes a projection keeps, found by running its `setup` on an empty database:
 * what it declares there is what it owns, so no list can drift from the code.
 */
export const ownedNames = (projection: Projection): OwnedNames => {
  let names = owned.get(projection);
  if (names === undefined) {
    const scratch = new Database(':memory:');
    try {
      projection.setup(scratch);
      const rows = scratch
        .prepare(
          "SELECT type, name FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .all() as { type: string; name: string }[];
      names = {
        tables: rows.filter((row) => row.type === 'table').map((row) => row.name),
        indexes: rows.filter((row) => row.type === 'index').map((row) => row.name),
      };
    } finally {
      scratch.close();
    }
    owned.set(projection, names);
  }
  return names;
};

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_$]*/y;

/**
 * Renames identifiers of a SQL text, leaving string literals and comments alone. Enough for the
 * projections' own statements, which name their tables and indexes as bare or double-quoted
 * identifiers; a test checks no projection uses one of those names for anything else.
 */
export const renameIdentifiers = (sql: string, rename: (name: string) => string | undefined): string => {
  let out = '';
  let at = 0;
  const copyUntil = (end: number): void => {
    out += sql.slice(at, end);
    at = end;
  };
  while (at < sql.length) {
    const char = sql[at]!;
    if (char === "'") {
      // '' inside a literal is an escaped quote: scanning on finds the real end.
      let end = at + 1;
      while (end < sql.length && !(sql[end] === "'" && sql[end + 1] !== "'")) end += sql[end] === "'" ? 2 : 1;
      copyUntil(Math.min(end + 1, sql.length));
    } else if (char === '-' && sql[at + 1] === '-') {
      const end = sql.indexOf('\n', at);
      copyUntil(end === -1 ? sql.length : end);
    } else if (char === '/' && sql[at + 1] === '*') {
      const end = sql.indexOf('*/', at + 2);
      copyUntil(end === -1 ? sql.length : end + 2);
    } else if (char === '"') {
      const end = sql.indexOf('"', at + 1);
      const name = sql.slice(at + 1, end === -1 ? sql.length : end);
      const renamed = rename(name);
      if (renamed === undefined) copyUntil(end === -1 ? sql.length : end + 1);
      else {
        out += `"${renamed}"`;
        at = end === -1 ? sql.length : end + 1;
      }
    } else {
      IDENTIFIER.lastIndex = at;
      const match = /[A-Za-z_]/.test(char) ? IDENTIFIER.exec(sql) : null;
      if (match === null) copyUntil(at + 1);
      else {
        out += rename(match[0]) ?? match[0];
        at += match[0].length;
      }
    }
  }
  return out;
};

/**
 * The read-model connection as the projections being rebuilt aside see it: every table and index
 * they own, and the checkpoint table, under its shadow name. It is the same connection (so it
 * works on `:memory:` too, and never competes with the live runner for SQLite's write lock) but a
 * different object, so what projections keep per database (held-back batches, prepared
 * statements) is kept apart from the live read model's.
 */
export const shadowView = (db: ReadModelDb, projections: readonly Projection[]): ReadModelDb => {
  const names = new Set<string>([CHECKPOINT_TABLE]);
  for (const projection of projections) {
    const { tables, indexes } = ownedNames(projection);
    for (const name of [...tables, ...indexes]) names.add(name);
  }
  const rename = (name: string): string | undefined =>
    names.has(name) ? `${SHADOW_PREFIX}${name}` : undefined;
  const view: ReadModelDb = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => target.prepare(renameIdentifiers(sql, rename));
      }
      if (property === 'exec') {
        return (sql: string) => {
          target.exec(renameIdentifiers(sql, rename));
          return view;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      // better-sqlite3's methods need the real connection as `this`.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return view;
};
