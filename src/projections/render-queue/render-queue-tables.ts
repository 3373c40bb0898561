import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/**
 * The render queue's own view of what rendering depends on: which config, plugin and tenant each
 * device has, and the config graph. Kept here rather than read from the devices and configs
 * read models so the queue folds on its own (the devices projection holds its writes back until
 * a batch ends, so its table can lag the event being applied).
 */
export const createRenderQueueTables = (db: ReadModelDb): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rq_devices (
      device_id TEXT PRIMARY KEY, config TEXT, plugin TEXT, tenant_uuid TEXT
    );
    CREATE INDEX IF NOT EXISTS rq_devices_config ON rq_devices (config);
    CREATE INDEX IF NOT EXISTS rq_devices_plugin ON rq_devices (plugin);
    CREATE INDEX IF NOT EXISTS rq_devices_tenant ON rq_devices (tenant_uuid);
    CREATE TABLE IF NOT EXISTS rq_plugins (plugin TEXT PRIMARY KEY);
    CREATE TABLE IF NOT EXISTS rq_config_parents (child TEXT NOT NULL, parent TEXT NOT NULL, PRIMARY KEY (child, parent));
    CREATE INDEX IF NOT EXISTS rq_config_parents_parent ON rq_config_parents (parent);
    -- Devices whose files must be rendered again, with the position of the latest cause: the
    -- renderer clears a row only if no newer cause arrived while it was rendering.
    CREATE TABLE IF NOT EXISTS render_dirty (device_id TEXT PRIMARY KEY, position INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS render_dirty_position ON render_dirty (position);
    CREATE TABLE IF NOT EXISTS render_common_dirty (plugin TEXT PRIMARY KEY, position INTEGER NOT NULL);
  `);
};

export const dropRenderQueueTables = (db: ReadModelDb): void => {
  db.exec(`
    DROP TABLE IF EXISTS rq_devices; DROP TABLE IF EXISTS rq_config_parents; DROP TABLE IF EXISTS rq_plugins;
    DROP TABLE IF EXISTS render_dirty; DROP TABLE IF EXISTS render_common_dirty;
  `);
};

export interface QueuedDevice {
  readonly config: string | null;
  readonly plugin: string | null;
  readonly tenant_uuid: string | null;
}

export const readQueuedDevice = (db: ReadModelDb, deviceId: string): QueuedDevice | undefined =>
  prepared(db, 'SELECT config, plugin, tenant_uuid FROM rq_devices WHERE device_id = ?').get(deviceId) as
    | QueuedDevice
    | undefined;

export const writeQueuedDevice = (db: ReadModelDb, deviceId: string, device: QueuedDevice): void => {
  prepared(
    db,
    `INSERT INTO rq_devices (device_id, config, plugin, tenant_uuid) VALUES (?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET config = excluded.config, plugin = excluded.plugin,
       tenant_uuid = excluded.tenant_uuid`,
  ).run(deviceId, device.config, device.plugin, device.tenant_uuid);
};

export const deleteQueuedDevice = (db: ReadModelDb, deviceId: string): void => {
  prepared(db, 'DELETE FROM rq_devices WHERE device_id = ?').run(deviceId);
};

export const replaceConfigParents = (db: ReadModelDb, configId: string, parents: readonly string[]): void => {
  prepared(db, 'DELETE FROM rq_config_parents WHERE child = ?').run(configId);
  const insert = prepared(db, 'INSERT OR IGNORE INTO rq_config_parents (child, parent) VALUES (?, ?)');
  for (const parent of parents) insert.run(configId, parent);
};

const markDirtySql = `INSERT INTO render_dirty (device_id, position) VALUES (?, ?)
  ON CONFLICT (device_id) DO UPDATE SET position = excluded.position`;

export const markDeviceDirty = (db: ReadModelDb, deviceId: string, position: number): void => {
  prepared(db, markDirtySql).run(deviceId, position);
};

/** Every device using the config or a config inheriting from it (cycles are harmless: UNION). */
export const markConfigUsersDirty = (db: ReadModelDb, configId: string, position: number): void => {
  prepared(
    db,
    `WITH RECURSIVE affected(id) AS (
       SELECT ? UNION SELECT child FROM rq_config_parents JOIN affected ON parent = affected.id
     )
     INSERT INTO render_dirty (device_id, position)
       SELECT device_id, ? FROM rq_devices WHERE config IN (SELECT id FROM affected) AND true
     ON CONFLICT (device_id) DO UPDATE SET position = excluded.position`,
  ).run(configId, position);
};

/** Marks every queued device matching `where` (a condition on rq_devices) at `position`. */
const markDevicesWhere = (db: ReadModelDb, where: string, position: number, ...params: string[]): void => {
  prepared(
    db,
    `INSERT INTO render_dirty (device_id, position) SELECT device_id, ? FROM rq_devices WHERE ${where}
     ON CONFLICT (device_id) DO UPDATE SET position = excluded.position`,
  ).run(position, ...params);
};

export const markPluginDevicesDirty = (db: ReadModelDb, plugin: string, position: number): void =>
  markDevicesWhere(db, 'plugin = ?', position, plugin);

export const markTenantDevicesDirty = (db: ReadModelDb, tenantUuid: string, position: number): void =>
  markDevicesWhere(db, 'tenant_uuid = ?', position, tenantUuid);

// `true` rather than nothing: SQLite needs a WHERE to tell an upsert's ON CONFLICT from a join.
export const markAllDevicesDirty = (db: ReadModelDb, position: number): void =>
  markDevicesWhere(db, 'true', position);

export const markCommonDirty = (db: ReadModelDb, plugin: string, position: number): void => {
  prepared(
    db,
    `INSERT INTO render_common_dirty (plugin, position) VALUES (?, ?)
     ON CONFLICT (plugin) DO UPDATE SET position = excluded.position`,
  ).run(plugin, position);
};

export const markAllCommonDirty = (db: ReadModelDb, position: number): void => {
  prepared(
    db,
    `INSERT INTO render_common_dirty (plugin, position) SELECT plugin, ? FROM rq_plugins WHERE true
     ON CONFLICT (plugin) DO UPDATE SET position = excluded.position`,
  ).run(position);
};

export const setPluginInstalled = (db: ReadModelDb, plugin: string, installed: boolean): void => {
  if (installed) prepared(db, 'INSERT OR IGNORE INTO rq_plugins (plugin) VALUES (?)').run(plugin);
  else prepared(db, 'DELETE FROM rq_plugins WHERE plugin = ?').run(plugin);
};
