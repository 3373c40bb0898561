import type { ParameterName } from '../../domain/settings/events.js';
import type { JsonObject } from '../../domain/shared/json.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';
import { BASE_RAW_CONFIG_KEY, MASTER_TENANT_KEY } from './settings-projection.js';

export type ParameterValue = string | number;

export interface TenantSettings {
  readonly tenantUuid: string;
  readonly provisioningKey: string | null;
}

export class SettingsReadModel {
  constructor(private readonly db: ReadModelDb) {}

  /** Parameters that have a value; a deleted or never-set parameter is absent. */
  parameters(): Partial<Record<ParameterName, ParameterValue>> {
    const rows = prepared(this.db, 'SELECT name, value FROM settings_parameters ORDER BY name').all() as {
      name: ParameterName;
      value: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, JSON.parse(row.value) as ParameterValue]));
  }

  parameter(name: ParameterName): ParameterValue | undefined {
    const row = prepared(this.db, 'SELECT value FROM settings_parameters WHERE name = ?').get(name) as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as ParameterValue);
  }

  /** The tenant's key; null when it never set one or cleared it (provd answers null too). */
  provisioningKey(tenantUuid: string): string | null {
    const row = prepared(this.db, 'SELECT provisioning_key FROM settings_tenants WHERE tenant_uuid = ?').get(
      tenantUuid,
    ) as { provisioning_key: string | null } | undefined;
    return row?.provisioning_key ?? null;
  }

  /** Which tenant a phone URL's key belongs to (url_key strategy); undefined for an unknown key. */
  tenantByProvisioningKey(key: string): string | undefined {
    const row = prepared(
      this.db,
      'SELECT tenant_uuid FROM settings_tenants WHERE provisioning_key = ? ORDER BY rowid LIMIT 1',
    ).get(key) as { tenant_uuid: string } | undefined;
    return row?.tenant_uuid;
  }

  /** Every tenant with a settings entry, by tenant uuid. */
  tenants(): TenantSettings[] {
    const rows = prepared(
      this.db,
      'SELECT tenant_uuid, provisioning_key FROM settings_tenants ORDER BY tenant_uuid',
    ).all() as { tenant_uuid: string; provisioning_key: string | null }[];
    return rows.map((row) => ({ tenantUuid: row.tenant_uuid, provisioningKey: row.provisioning_key }));
  }

  masterTenant(): string | undefined {
    return this.#state(MASTER_TENANT_KEY);
  }

  /** undefined until the first BaseRawConfigChanged. */
  baseRawConfig(): JsonObject | undefined {
    const value = this.#state(BASE_RAW_CONFIG_KEY);
    return value === undefined ? undefined : (JSON.parse(value) as JsonObject);
  }

  #state(key: string): string | undefined {
    const row = prepared(this.db, 'SELECT value FROM settings_state WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }
}
