import type { ReadModelDb } from '../../projections/runner/projection.js';
import { prepared } from '../../projections/runner/statement-cache.js';

/**
 * Rendered files, content-addressed: `blobs` holds each distinct content once (sha256), the file
 * tables map (device, path) and (plugin, path) to a hash. With 100k configured devices the bytes
 * live here, on disk, and only a bounded hot set sits in memory (./hot-set.ts).
 */
export const createFileCacheTables = (db: ReadModelDb): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, content BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS device_files (
      device_id TEXT NOT NULL, path TEXT NOT NULL, plugin TEXT NOT NULL, hash TEXT NOT NULL,
      rendered_at INTEGER NOT NULL, PRIMARY KEY (device_id, path)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS device_files_plugin_path ON device_files (plugin, path);
    CREATE TABLE IF NOT EXISTS common_files (
      plugin TEXT NOT NULL, path TEXT NOT NULL, hash TEXT NOT NULL, rendered_at INTEGER NOT NULL,
      PRIMARY KEY (plugin, path)
    ) WITHOUT ROWID;
    -- Outcome of the last render of each device: what admins see when a device is not configured.
    CREATE TABLE IF NOT EXISTS render_status (
      device_id TEXT PRIMARY KEY, plugin TEXT, configured INTEGER NOT NULL, error TEXT,
      rendered_at INTEGER NOT NULL
    );
  `);
};

export interface StoredFile {
  readonly hash: string;
  readonly renderedAt: number;
}

export interface RenderStatus {
  readonly plugin: string | null;
  readonly configured: boolean;
  readonly error: string | null;
  readonly renderedAt: number;
}

export const readDeviceFile = (db: ReadModelDb, deviceId: string, path: string): StoredFile | undefined =>
  prepared(
    db,
    'SELECT hash, rendered_at AS renderedAt FROM device_files WHERE device_id = ? AND path = ?',
  ).get(deviceId, path) as StoredFile | undefined;

export const readDeviceFileCaseless = (
  db: ReadModelDb,
  deviceId: string,
  path: string,
): StoredFile | undefined =>
  prepared(
    db,
    'SELECT hash, rendered_at AS renderedAt FROM device_files WHERE device_id = ? AND lower(path) = lower(?) LIMIT 1',
  ).get(deviceId, path) as StoredFile | undefined;

export const readCommonFileCaseless = (
  db: ReadModelDb,
  plugin: string,
  path: string,
): StoredFile | undefined =>
  prepared(
    db,
    'SELECT hash, rendered_at AS renderedAt FROM common_files WHERE plugin = ? AND lower(path) = lower(?) LIMIT 1',
  ).get(plugin, path) as StoredFile | undefined;

export const readCommonFile = (db: ReadModelDb, plugin: string, path: string): StoredFile | undefined =>
  prepared(db, 'SELECT hash, rendered_at AS renderedAt FROM common_files WHERE plugin = ? AND path = ?').get(
    plugin,
    path,
  ) as StoredFile | undefined;

export const listDeviceFiles = (
  db: ReadModelDb,
  deviceId: string,
): { path: string; plugin: string; hash: string; renderedAt: number }[] =>
  prepared(
    db,
    'SELECT path, plugin, hash, rendered_at AS renderedAt FROM device_files WHERE device_id = ? ORDER BY path',
  ).all(deviceId) as { path: string; plugin: string; hash: string; renderedAt: number }[];

export const readBlob = (db: ReadModelDb, hash: string): Buffer | undefined => {
  const row = prepared(db, 'SELECT content FROM blobs WHERE hash = ?').get(hash) as
    | { content: Buffer }
    | undefined;
  return row?.content;
};

export const writeBlob = (db: ReadModelDb, hash: string, content: Uint8Array): void => {
  prepared(db, 'INSERT OR IGNORE INTO blobs (hash, content) VALUES (?, ?)').run(hash, content);
};

export const replaceDeviceFiles = (
  db: ReadModelDb,
  deviceId: string,
  plugin: string,
  files: readonly { path: string; hash: string }[],
  renderedAt: number,
): void => {
  prepared(db, 'DELETE FROM device_files WHERE device_id = ?').run(deviceId);
  const insert = prepared(
    db,
    'INSERT INTO device_files (device_id, path, plugin, hash, rendered_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const { path, hash } of files) insert.run(deviceId, path, plugin, hash, renderedAt);
};

export const replaceCommonFiles = (
  db: ReadModelDb,
  plugin: string,
  files: readonly { path: string; hash: string }[],
  renderedAt: number,
): void => {
  prepared(db, 'DELETE FROM common_files WHERE plugin = ?').run(plugin);
  const insert = prepared(
    db,
    'INSERT INTO common_files (plugin, path, hash, rendered_at) VALUES (?, ?, ?, ?)',
  );
  for (const { path, hash } of files) insert.run(plugin, path, hash, renderedAt);
};

export const readRenderStatus = (db: ReadModelDb, deviceId: string): RenderStatus | undefined => {
  const row = prepared(
    db,
    'SELECT plugin, configured, error, rendered_at AS renderedAt FROM render_status WHERE device_id = ?',
  ).get(deviceId) as
    | { plugin: string | null; configured: number; error: string | null; renderedAt: number }
    | undefined;
  return row && { ...row, configured: row.configured === 1 };
};

export const writeRenderStatus = (db: ReadModelDb, deviceId: string, status: RenderStatus): void => {
  prepared(
    db,
    `INSERT INTO render_status (device_id, plugin, configured, error, rendered_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET plugin = excluded.plugin, configured = excluded.configured,
       error = excluded.error, rendered_at = excluded.rendered_at`,
  ).run(deviceId, status.plugin, status.configured ? 1 : 0, status.error, status.renderedAt);
};

export const deleteRenderStatus = (db: ReadModelDb, deviceId: string): void => {
  prepared(db, 'DELETE FROM render_status WHERE device_id = ?').run(deviceId);
};

/** Drops contents no file refers to any more (after re-renders replaced them). */
export const collectUnusedBlobs = (db: ReadModelDb): number =>
  prepared(
    db,
    `DELETE FROM blobs WHERE hash NOT IN (SELECT hash FROM device_files UNION SELECT hash FROM common_files)`,
  ).run().changes;
