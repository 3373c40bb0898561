import type { ConfigDocument } from '../../domain/config/events.js';
import type { JsonObject } from '../../domain/shared/json.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/** The stored config document: provd's document with its `id`. */
export type StoredConfig = ConfigDocument & { readonly id: string };

export const CONFIG_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['id', 'id'],
  ['role', 'role'],
]);

export const createConfigTables = (db: ReadModelDb): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS configs (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    role TEXT,
    autocreated_from TEXT,
    flattened TEXT
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS configs_role ON configs (role)');
  // Parent links stay when the parent is deleted (provd allows dangling parents): if it comes
  // back, its children inherit from it again.
  db.exec(`CREATE TABLE IF NOT EXISTS config_parents (
    child TEXT NOT NULL,
    parent TEXT NOT NULL,
    ord INTEGER NOT NULL,
    PRIMARY KEY (child, ord)
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS config_parents_parent ON config_parents (parent)');
  db.exec('CREATE TABLE IF NOT EXISTS configs_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
};

export const dropConfigTables = (db: ReadModelDb): void => {
  db.exec(
    'DROP TABLE IF EXISTS configs; DROP TABLE IF EXISTS config_parents; DROP TABLE IF EXISTS configs_state',
  );
};

export const readStoredConfig = (db: ReadModelDb, id: string): StoredConfig | undefined => {
  const row = prepared(db, 'SELECT doc FROM configs WHERE id = ?').get(id) as { doc: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.doc) as StoredConfig);
};

/** Writes the document and its parent links; `autocreatedFrom` undefined keeps the stored one. */
export const writeStoredConfig = (
  db: ReadModelDb,
  id: string,
  config: ConfigDocument,
  autocreatedFrom: string | null | undefined,
): void => {
  // `id` first as in provd's files, and the stream's id wins over a stray `id` in the document.
  const doc: StoredConfig = Object.assign({ id }, config, { id });
  const role = typeof config.role === 'string' ? config.role : null;
  const text = JSON.stringify(doc);
  if (autocreatedFrom === undefined) {
    prepared(db, 'UPDATE configs SET doc = ?, role = ? WHERE id = ?').run(text, role, id);
  } else {
    prepared(
      db,
      `INSERT INTO configs (id, doc, role, autocreated_from) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, role = excluded.role,
         autocreated_from = excluded.autocreated_from`,
    ).run(id, text, role, autocreatedFrom);
  }
  prepared(db, 'DELETE FROM config_parents WHERE child = ?').run(id);
  const link = prepared(db, 'INSERT INTO config_parents (child, parent, ord) VALUES (?, ?, ?)');
  for (const [ord, parent] of doc.parent_ids.entries()) link.run(id, parent, ord);
};

export const deleteStoredConfig = (db: ReadModelDb, id: string): void => {
  prepared(db, 'DELETE FROM configs WHERE id = ?').run(id);
  prepared(db, 'DELETE FROM config_parents WHERE child = ?').run(id);
};

/** Every config inheriting from `id`, directly or not; UNION (not UNION ALL) stops on cycles. */
export const DESCENDANTS_SQL = `WITH RECURSIVE tree (id) AS (
    SELECT child FROM config_parents WHERE parent = ?
    UNION
    SELECT link.child FROM config_parents AS link JOIN tree ON link.parent = tree.id
  )
  SELECT tree.id FROM tree JOIN configs ON configs.id = tree.id ORDER BY tree.id`;

export const readDescendantIds = (db: ReadModelDb, id: string): string[] =>
  prepared(db, DESCENDANTS_SQL)
    .all(id)
    .map((row) => (row as { id: string }).id);

const BASE_RAW_CONFIG_KEY = 'base_raw_config';

export const readBaseRawConfig = (db: ReadModelDb): JsonObject => {
  const row = prepared(db, 'SELECT value FROM configs_state WHERE key = ?').get(BASE_RAW_CONFIG_KEY) as
    | { value: string }
    | undefined;
  return row === undefined ? {} : (JSON.parse(row.value) as JsonObject);
};

export const writeBaseRawConfig = (db: ReadModelDb, rawConfig: JsonObject): void => {
  prepared(
    db,
    'INSERT INTO configs_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(BASE_RAW_CONFIG_KEY, JSON.stringify(rawConfig));
};
