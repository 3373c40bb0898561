import { describe, it } from 'vitest';
import type { DeleteTenant } from '../../../src/domain/auth/tenant/commands.js';
import { tenantDecider } from '../../../src/domain/auth/tenant/decider.js';
import type { TenantEvent } from '../../../src/domain/auth/tenant/events.js';
import { spec } from '../../support/decider-spec.js';

const tenant = spec(tenantDecider);

const MASTER = 'tenant-master';
const SALES = 'tenant-sales';

const createSales = { type: 'CreateTenant', tenantUuid: SALES, parentUuid: MASTER, name: 'sales' } as const;
const salesCreated: TenantEvent = {
  type: 'TenantCreated',
  data: { tenantUuid: SALES, parentUuid: MASTER, name: 'sales' },
};
const masterCreated: TenantEvent = {
  type: 'TenantCreated',
  data: { tenantUuid: MASTER, parentUuid: null, name: 'master' },
};
const salesDeleted: TenantEvent = { type: 'TenantDeleted', data: { tenantUuid: SALES } };

const deleteTenant = (tenantUuid: string, facts: Partial<DeleteTenant> = {}): DeleteTenant => ({
  type: 'DeleteTenant',
  tenantUuid,
  masterTenant: MASTER,
  subTenants: [],
  deviceCount: 0,
  activeTokens: [],
  ...facts,
});

describe('CreateTenant', () => {
  it('records a sub-tenant and a root', () => {
    tenant.given([]).when(createSales).then([salesCreated]);
    tenant
      .given([])
      .when({ type: 'CreateTenant', tenantUuid: MASTER, parentUuid: null, name: 'master' })
      .then([masterCreated]);
  });

  it('trims the name and refuses a blank or unprintable one', () => {
    tenant
      .given([])
      .when({ ...createSales, name: '  sales ' })
      .then([salesCreated]);
    tenant
      .given([])
      .when({ ...createSales, name: '   ' })
      .thenFails('validation', 'a tenant needs a name');
    tenant
      .given([])
      .when({ ...createSales, name: 'a\u0000b' })
      .thenFails('validation', /name/);
    tenant
      .given([])
      .when({ ...createSales, name: 'n'.repeat(129) })
      .thenFails('validation', /128/);
  });

  it('refuses an existing tenant, but a deleted one may be created again', () => {
    tenant
      .given([salesCreated])
      .when(createSales)
      .thenFails('already_exists', `tenant ${SALES} already exists`);
    tenant.given([salesCreated, salesDeleted]).when(createSales).then([salesCreated]);
  });

  it('refuses unsafe uuids and a tenant its own parent', () => {
    tenant
      .given([])
      .when({ ...createSales, tenantUuid: '../x' })
      .thenFails('validation', /Invalid id/);
    tenant
      .given([])
      .when({ ...createSales, parentUuid: 'a b' })
      .thenFails('validation', /invalid parent/);
    tenant
      .given([])
      .when({ ...createSales, parentUuid: SALES })
      .thenFails('validation', 'a tenant cannot be its own parent');
  });
});

describe('DeleteTenant', () => {
  it('deletes a tenant nothing depends on', () => {
    tenant.given([salesCreated]).when(deleteTenant(SALES)).then([salesDeleted]);
  });

  it('refuses an unknown or already deleted tenant', () => {
    tenant.given([]).when(deleteTenant(SALES)).thenFails('not_found', `no tenant ${SALES}`);
    tenant.given([salesCreated, salesDeleted]).when(deleteTenant(SALES)).thenFails('not_found');
  });

  it('never deletes the master tenant, nor a root', () => {
    tenant
      .given([masterCreated])
      .when(deleteTenant(MASTER))
      .thenFails('not_deletable', `tenant ${MASTER} is the master tenant: it cannot be deleted`);
    // A root the settings no longer call master (the master tenant moved) is still a root.
    tenant
      .given([masterCreated])
      .when(deleteTenant(MASTER, { masterTenant: 'other' }))
      .thenFails('not_deletable');
    // A sub-tenant that became the master tenant.
    tenant
      .given([salesCreated])
      .when(deleteTenant(SALES, { masterTenant: SALES }))
      .thenFails('not_deletable');
  });

  it('refuses while sub-tenants, devices or active tokens depend on it', () => {
    tenant
      .given([salesCreated])
      .when(deleteTenant(SALES, { subTenants: ['emea', 'apac'] }))
      .thenFails('not_deletable', `tenant ${SALES} has sub-tenants (emea, apac): delete them first`);
    tenant
      .given([salesCreated])
      .when(deleteTenant(SALES, { deviceCount: 1 }))
      .thenFails('not_deletable', `tenant ${SALES} still has 1 device: delete them first`);
    tenant
      .given([salesCreated])
      .when(deleteTenant(SALES, { deviceCount: 3 }))
      .thenFails('not_deletable', /still has 3 devices/);
    tenant
      .given([salesCreated])
      .when(deleteTenant(SALES, { activeTokens: ['tok-1'] }))
      .thenFails('not_deletable', `tenant ${SALES} still has active tokens (tok-1): revoke them first`);
  });
});
