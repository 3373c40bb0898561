import type { DeviceDocument } from '../../domain/device/document.js';
import type { JsonObject } from '../../domain/shared/json.js';
import { findInTable } from '../find/find-in-table.js';
import type { FindParams } from '../find/find-params.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';
import { DEVICE_COLUMNS, DEVICE_WEAK_COLUMNS } from './device-table.js';

export interface DeviceFindParams extends FindParams {
  /**
   * Tenants whose devices may be listed; it replaces any `tenant_uuid` key of the selector, as in
   * provd. Required so that forgetting it cannot leak other tenants' devices: internal callers
   * that really want every tenant say `'all'`.
   */
  readonly tenantUuids: readonly string[] | 'all';
}

const parseDevice = (row: unknown): DeviceDocument =>
  JSON.parse((row as { doc: string }).doc) as DeviceDocument;

/** Queries over the devices projection. Reads are synchronous and see committed batches only. */
export class DeviceReadModel {
  constructor(private readonly db: ReadModelDb) {}

  get(id: string): DeviceDocument | undefined {
    const row = prepared(this.db, 'SELECT doc FROM devices WHERE id = ?').get(id);
    return row === undefined ? undefined : parseDevice(row);
  }

  /** MAC is not unique in provd: every device with that MAC, oldest first. */
  findByMac(mac: string): DeviceDocument[] {
    return this.#byColumn('mac', mac);
  }

  findByIp(ip: string): DeviceDocument[] {
    return this.#byColumn('ip', ip);
  }

  findBySn(sn: string): DeviceDocument[] {
    return this.#byColumn('sn', sn);
  }

  findByUuid(uuid: string): DeviceDocument[] {
    return this.#byColumn('uuid', uuid);
  }

  /** Devices managed by a plugin: those to re-render when it is upgraded or reloaded. */
  findByPlugin(pluginId: string): DeviceDocument[] {
    return this.#byColumn('plugin', pluginId);
  }

  /** Devices using any of these configs (a config and its descendants, after a config change). */
  findByConfigs(configIds: readonly string[]): DeviceDocument[] {
    return prepared(
      this.db,
      'SELECT doc FROM devices WHERE config IN (SELECT value FROM json_each(?)) ORDER BY rowid',
    )
      .all(JSON.stringify(configIds))
      .map(parseDevice);
  }

  /**
   * provd's find (provd-spec §1.6) restricted to `tenantUuids`; equality and `$in` conditions on
   * mac, ip, sn, uuid, tenant_uuid, id, plugin and config use their indexes (see findInTable).
   * Throws InvalidSelectorError on a malformed selector.
   */
  find(params: DeviceFindParams): JsonObject[] {
    const selector =
      params.tenantUuids === 'all'
        ? params.selector
        : { ...params.selector, tenant_uuid: { $in: [...params.tenantUuids] } };
    return findInTable(
      this.db,
      'devices',
      DEVICE_COLUMNS,
      { ...params, selector: selector ?? {} },
      DEVICE_WEAK_COLUMNS,
    );
  }

  /** Number of devices per tenant (devices without a tenant are not counted). */
  countByTenant(): Map<string, number> {
    const rows = prepared(
      this.db,
      'SELECT tenant_uuid, count(*) AS n FROM devices WHERE tenant_uuid IS NOT NULL GROUP BY tenant_uuid',
    ).all() as { tenant_uuid: string; n: number }[];
    return new Map(rows.map((row) => [row.tenant_uuid, row.n]));
  }

  /** Number of devices per plugin, `''` for devices without one (every device is counted). */
  countByPlugin(): Map<string, number> {
    const rows = prepared(
      this.db,
      "SELECT coalesce(plugin, '') AS plugin, count(*) AS n FROM devices GROUP BY plugin",
    ).all() as { plugin: string; n: number }[];
    const counts = new Map<string, number>();
    // NULL and '' are two groups in SQL and one label value here.
    for (const row of rows) counts.set(row.plugin, (counts.get(row.plugin) ?? 0) + row.n);
    return counts;
  }

  #byColumn(column: string, value: string): DeviceDocument[] {
    return prepared(this.db, `SELECT doc FROM devices WHERE ${column} = ? ORDER BY rowid`)
      .all(value)
      .map(parseDevice);
  }
}
