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

/**
 * The device documents as provd's REST API shows them. The master tenant is tracked here as well
 * (not read from the settings read model) so this projection can be rebuilt on its own.
 */
export const devicesProjection: Projection = {
  name: 'devices',
  version: 1,
  setup: createDeviceTables,
  reset: dropDeviceTables,
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    if (event.type === 'MasterTenantSet') {
      changeMasterTenant(db, event.data.tenantUuid);
      return;
    }
    if (!isDeviceEvent(event)) return;
    const current = readDeviceRow(db, event.data.deviceId);
    const next = applyDeviceEvent(current, event, readMasterTenant(db));
    if (next === current) return;
    if (next === undefined) deleteDeviceRow(db, event.data.deviceId);
    else upsertDeviceRow(db, next);
  },
};

/** `is_new` means "in the master tenant": when that tenant changes, every device is re-judged. */
const changeMasterTenant = (db: ReadModelDb, tenantUuid: string): void => {
  if (readMasterTenant(db) === tenantUuid) return;
  writeMasterTenant(db, tenantUuid);
  // Paging by rowid because better-sqlite3 forbids writing while a query is being iterated.
  const page = prepared(db, 'SELECT rowid, doc FROM devices WHERE rowid > ? ORDER BY rowid LIMIT ?');
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
