import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

export const MASTER_TENANT_KEY = 'master_tenant';
export const BASE_RAW_CONFIG_KEY = 'base_raw_config';

const writeState = (db: ReadModelDb, key: string, value: string): void => {
  prepared(
    db,
    'INSERT INTO settings_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
};

/** Server parameters (/configure), per-tenant provisioning keys, the master tenant and the base raw config. */
export const settingsProjection: Projection = {
  name: 'settings',
  version: 1,
  setup(db: ReadModelDb): void {
    db.exec('CREATE TABLE IF NOT EXISTS settings_parameters (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    db.exec(
      'CREATE TABLE IF NOT EXISTS settings_tenants (tenant_uuid TEXT PRIMARY KEY, provisioning_key TEXT)',
    );
    // Not UNIQUE: uniqueness is the settings decider's rule; a read model must not refuse the log.
    db.exec(
      'CREATE INDEX IF NOT EXISTS settings_tenants_provisioning_key ON settings_tenants (provisioning_key)',
    );
    db.exec('CREATE TABLE IF NOT EXISTS settings_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  },
  reset(db: ReadModelDb): void {
    db.exec(`DROP TABLE IF EXISTS settings_parameters; DROP TABLE IF EXISTS settings_tenants;
      DROP TABLE IF EXISTS settings_state`);
  },
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    switch (event.type) {
      case 'ParameterSet': {
        const { name, value } = event.data;
        if (value === null) prepared(db, 'DELETE FROM settings_parameters WHERE name = ?').run(name);
        else {
          prepared(
            db,
            `INSERT INTO settings_parameters (name, value) VALUES (?, ?)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
          ).run(name, JSON.stringify(value));
        }
        return;
      }
      case 'ProvisioningKeySet':
        // A cleared key keeps the tenant's entry, as provd's tenants map does.
        prepared(
          db,
          `INSERT INTO settings_tenants (tenant_uuid, provisioning_key) VALUES (?, ?)
           ON CONFLICT (tenant_uuid) DO UPDATE SET provisioning_key = excluded.provisioning_key`,
        ).run(event.data.tenantUuid, event.data.key);
        return;
      case 'TenantSettingsRemoved':
        prepared(db, 'DELETE FROM settings_tenants WHERE tenant_uuid = ?').run(event.data.tenantUuid);
        return;
      case 'MasterTenantSet':
        writeState(db, MASTER_TENANT_KEY, event.data.tenantUuid);
        return;
      case 'BaseRawConfigChanged':
        writeState(db, BASE_RAW_CONFIG_KEY, JSON.stringify(event.data.rawConfig));
        return;
    }
  },
};
