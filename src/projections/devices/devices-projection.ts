import type { DeviceDocument } from '../../domain/device/document.js';
import { applyDeviceEvent, withMasterTenant } from '../../domain/device/document-evolve.js';
import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import { isDeviceEvent } from '../event-kinds.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';
import {
  createDeviceTables,
  deleteDeviceRow,
  dropDeviceTables,
  readDeviceRow,
  readMasterTenant,
  upsertDeviceRow,
  writeMasterTenant,
} from './device-table.js';

/** Rows rewritten per query when the master tenant changes: bounded memory on large tables. */
const RECOMPUTE_PAGE = 1_000;

/** A device touched by the batch being applied, written back when the batch ends. */
interface PendingDevice {
  doc: DeviceDocument | undefined;
  /** A row for this id is in the table (as it was before the batch). */
  readonly stored: boolean;
  /** Set when the batch (re)created the device: the creating event's position. */
  seq: number | null;
}

interface Batch {
  readonly masterTenant: string | undefined;
  readonly devices: Map<string, PendingDevice>;
}

/**
 * Held-back writes per read-model database. A rebuild folds about ten events per device in a
 * row; keeping the document in memory until the batch ends turns ten reads, parses and indexed
 * writes into one, which is most of a rebuild's time.
 */
const batches = new WeakMap<ReadModelDb, Batch>();

const batchOf = (db: ReadModelDb): Batch => {
  let batch = batches.get(db);
  if (batch === undefined) {
    batch = { masterTenant: readMasterTenant(db), devices: new Map() };
    batches.set(db, batch);
  }
  return batch;
};

const flushDevices = (db: ReadModelDb): void => {
  const batch = batches.get(db);
  batches.delete(db);
  if (batch === undefined) return;
  for (const [id, pending] of batch.devices) {
    if (pending.seq !== null || pending.doc === undefined) {
      // Deleted, or deleted and created again: the new life gets a new place in the listing.
      if (pending.stored) deleteDeviceRow(db, id);
      if (pending.doc !== undefined) upsertDeviceRow(db, pending.doc, pending.seq);
    } else {
      upsertDeviceRow(db, pending.doc);
    }
  }
};

/**
 * The device documents as provd's REST API shows them. The master tenant is tracked here as well
 * (not read from the settings read model) so this projection can be rebuilt on its own.
 */
export const devicesProjection: Projection = {
  name: 'devices',
  version: 2,
  setup: createDeviceTables,
  reset(db: ReadModelDb): void {
    batches.delete(db);
    dropDeviceTables(db);
  },
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    if (event.type === 'MasterTenantSet') {
      flushDevices(db);
      changeMasterTenant(db, event.data.tenantUuid);
      return;
    }
    if (!isDeviceEvent(event)) return;
    const batch = batchOf(db);
    const id = event.data.deviceId;
    let pending = batch.devices.get(id);
    if (pending === undefined) {
      const doc = readDeviceRow(db, id);
      pending = { doc, stored: doc !== undefined, seq: null };
      batch.devices.set(id, pending);
    }
    const next = applyDeviceEvent(pending.doc, event, batch.masterTenant);
    if (next === pending.doc) return;
    if (pending.doc === undefined) pending.seq = event.position;
    pending.doc = next;
  },
  flush: flushDevices,
  discard(db: ReadModelDb): void {
    batches.delete(db);
  },
};

/** `is_new` means "in the master tenant": when that tenant changes, every device is re-judged. */
const changeMasterTenant = (db: ReadModelDb, tenantUuid: string): void => {
  if (readMasterTenant(db) === tenantUuid) return;
  writeMasterTenant(db, tenantUuid);
  // Paging by rowid because better-sqlite3 forbids writing while a query is being iterated.
  const page = prepared(db, 'SELECT rowid AS rowid, doc FROM devices WHERE rowid > ? ORDER BY rowid LIMIT ?');
  const update = prepared(db, 'UPDATE devices SET doc = ? WHERE rowid = ?');
  let after = -1;
  for (;;) {
    const rows = page.all(after, RECOMPUTE_PAGE) as { rowid: number; doc: string }[];
    for (const { rowid, doc } of rows) {
      const device = JSON.parse(doc) as DeviceDocument;
      const judged = withMasterTenant(device, tenantUuid);
      if (judged !== device) update.run(JSON.stringify(judged), rowid);
    }
    if (rows.length < RECOMPUTE_PAGE) return;
    after = rows.at(-1)!.rowid;
  }
};
