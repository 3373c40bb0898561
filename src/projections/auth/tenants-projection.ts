import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/** The built-in tenants and their parent links: what a token's tenant may see below it. */
export const tenantsProjection: Projection = {
  name: 'auth-tenants',
  version: 1,
  setup(db: ReadModelDb): void {
    db.exec(`CREATE TABLE IF NOT EXISTS auth_tenants (
      tenant_uuid TEXT PRIMARY KEY,
      parent_uuid TEXT,
      name TEXT NOT NULL
    )`);
    db.exec('CREATE INDEX IF NOT EXISTS auth_tenants_parent ON auth_tenants (parent_uuid)');
  },
  reset(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS auth_tenants');
  },
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    switch (event.type) {
      case 'TenantCreated': {
        const { tenantUuid, parentUuid, name } = event.data;
        // An upsert: the decider never creates a live tenant twice, but a read model must not refuse the log.
        prepared(
          db,
          `INSERT INTO auth_tenants (tenant_uuid, parent_uuid, name) VALUES (?, ?, ?)
           ON CONFLICT (tenant_uuid) DO UPDATE SET parent_uuid = excluded.parent_uuid, name = excluded.name`,
        ).run(tenantUuid, parentUuid, name);
        return;
      }
      case 'TenantDeleted':
        prepared(db, 'DELETE FROM auth_tenants WHERE tenant_uuid = ?').run(event.data.tenantUuid);
        return;
    }
  },
};
