import type { DeviceDocument } from '../../domain/device/document.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/**
 * Document keys copied into their own indexed column: the lookups of the phone pipeline (mac, ip,
 * sn, uuid), the tenant filter of every listing, and the fan-outs of config and plugin changes.
 */
export const DEVICE_INDEXED_KEYS = [
  'id',
  'mac',
  'ip',
  'sn',
  'uuid',
  'tenant_uuid',
  'plugin',
  'config',
] as const;
export type DeviceIndexedKey = (typeof DEVICE_INDEXED_KEYS)[number];

/** Selector key → column; the columns are named after the keys. */
export const DEVICE_COLUMNS: ReadonlyMap<string, string> = new Map(
  DEVICE_INDEXED_KEYS.map((key) => [key, key]),
);

/** Indexed keys most devices share a value of: searched by another index when there is one. */
export const DEVICE_WEAK_COLUMNS: ReadonlySet<string> = new Set(['tenant_uuid', 'plugin', 'config']);

export const createDeviceTables = (db: ReadModelDb): void => {
  // Listings without sort follow rowid: insertion order, as provd's storage order. The rowid is
  // the log position of the event that created the device, not SQLite's counter, so it does not
  // depend on how events were batched: a rebuild gives every row the rowid it had.
  db.exec(`CREATE TABLE IF NOT EXISTS devices (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    mac TEXT, ip TEXT, sn TEXT, uuid TEXT, tenant_uuid TEXT, plugin TEXT, config TEXT,
    doc TEXT NOT NULL
  )`);
  for (const key of DEVICE_INDEXED_KEYS.filter((k) => k !== 'id')) {
    db.exec(`CREATE INDEX IF NOT EXISTS devices_${key} ON devices (${key})`);
  }
  db.exec('CREATE TABLE IF NOT EXISTS devices_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
};

export const dropDeviceTables = (db: ReadModelDb): void => {
  db.exec('DROP TABLE IF EXISTS devices; DROP TABLE IF EXISTS devices_state');
};

/** A column holds the document's value only when it is a string, which is what lookups compare. */
const column = (doc: DeviceDocument, key: DeviceIndexedKey): string | null => {
  const value = doc[key];
  return typeof value === 'string' ? value : null;
};

/**
 * Inserts or updates a device. `seq` places a new row (the creating event's position); an
 * existing row keeps its place. Without it SQLite appends the row after the others.
 */
export const upsertDeviceRow = (db: ReadModelDb, doc: DeviceDocument, seq: number | null = null): void => {
  prepared(
    db,
    `INSERT INTO devices (seq, id, mac, ip, sn, uuid, tenant_uuid, plugin, config, doc)
     VALUES (@seq, @id, @mac, @ip, @sn, @uuid, @tenant_uuid, @plugin, @config, @doc)
     ON CONFLICT (id) DO UPDATE SET mac = excluded.mac, ip = excluded.ip, sn = excluded.sn,
       uuid = excluded.uuid, tenant_uuid = excluded.tenant_uuid, plugin = excluded.plugin,
       config = excluded.config, doc = excluded.doc`,
  ).run({
    seq,
    id: doc.id,
    mac: column(doc, 'mac'),
    ip: column(doc, 'ip'),
    sn: column(doc, 'sn'),
    uuid: column(doc, 'uuid'),
    tenant_uuid: column(doc, 'tenant_uuid'),
    plugin: column(doc, 'plugin'),
    config: column(doc, 'config'),
    doc: JSON.stringify(doc),
  });
};

export const deleteDeviceRow = (db: ReadModelDb, id: string): void => {
  prepared(db, 'DELETE FROM devices WHERE id = ?').run(id);
};

export const readDeviceRow = (db: ReadModelDb, id: string): DeviceDocument | undefined => {
  const row = prepared(db, 'SELECT doc FROM devices WHERE id = ?').get(id) as { doc: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.doc) as DeviceDocument);
};

export const deviceRowExists = (db: ReadModelDb, id: string): boolean =>
  prepared(db, 'SELECT 1 FROM devices WHERE id = ?').get(id) !== undefined;

const MASTER_TENANT_KEY = 'master_tenant';

export const readMasterTenant = (db: ReadModelDb): string | undefined => {
  const row = prepared(db, 'SELECT value FROM devices_state WHERE key = ?').get(MASTER_TENANT_KEY) as
    | { value: string }
    | undefined;
  return row?.value;
};

export const writeMasterTenant = (db: ReadModelDb, tenantUuid: string): void => {
  prepared(
    db,
    'INSERT INTO devices_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(MASTER_TENANT_KEY, tenantUuid);
};
