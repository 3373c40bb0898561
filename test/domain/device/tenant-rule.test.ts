import { describe, it } from 'vitest';
import type { UpdateDevice } from '../../../src/domain/device/commands.js';
import { deviceDecider } from '../../../src/domain/device/decider.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { spec } from '../../support/decider-spec.js';
import { created, deleted, discovered, ID, MASTER, SUB1, SUB2, tenantAssigned } from './fixtures.js';

const device = spec(deviceDecider);

const assign = (tenantUuid: string) =>
  ({ type: 'AssignTenant', deviceId: ID, tenantUuid, masterTenant: MASTER }) as const;

const put = (effectiveTenant: string, fields: JsonObject = { ip: '10.0.0.2' }): UpdateDevice => ({
  type: 'UpdateDevice',
  deviceId: ID,
  fields,
  effectiveTenant,
  masterTenant: MASTER,
  configKind: null,
  previousConfigKind: null,
});

describe('immutable device tenant', () => {
  it('assigns a discovered device (master tenant) to a tenant', () => {
    device
      .given([discovered()])
      .when(assign(SUB1))
      .then([tenantAssigned(SUB1)]);
  });

  it('refuses a second assignment to another tenant', () => {
    device
      .given([discovered(), tenantAssigned(SUB1)])
      .when(assign(SUB2))
      .thenFails(
        'tenant_immutable',
        new RegExp(`Device ${ID} belongs to tenant ${SUB1} .* to tenant ${SUB2}`),
      );
  });

  it('refuses moving an assigned device back to the master tenant', () => {
    device
      .given([discovered(), tenantAssigned(SUB1)])
      .when(assign(MASTER))
      .thenFails('tenant_immutable');
  });

  it('treats assigning the current tenant as a no-op', () => {
    device
      .given([discovered(), tenantAssigned(SUB1)])
      .when(assign(SUB1))
      .thenNothing();
    device.given([discovered()]).when(assign(MASTER)).thenNothing();
  });

  it('keeps the tenant when the device is reset to autoprov', () => {
    device
      .given([
        discovered(),
        tenantAssigned(SUB1),
        { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'line1', previous: null } },
        { type: 'DeviceResetToAutoprov', data: { deviceId: ID, config: 'autoprov1', previous: 'line1' } },
      ])
      .when(assign(SUB2))
      .thenFails('tenant_immutable');
  });

  it('starts a fresh life after deletion: the new device is in the master tenant again', () => {
    const history = [discovered(), tenantAssigned(SUB1), deleted, discovered()];
    device
      .given(history)
      .when(assign(SUB2))
      .then([tenantAssigned(SUB2)]);
  });

  it('refuses a PUT whose body moves a device out of the master tenant elsewhere', () => {
    device
      .given([discovered(), tenantAssigned(SUB1)])
      .when({ ...put(MASTER), requestedTenant: SUB2 })
      .thenFails('tenant_immutable', new RegExp(`belongs to tenant ${SUB1}`));
    device
      .given([created(SUB1)])
      .when({ ...put(SUB1), requestedTenant: MASTER })
      .thenFails('tenant_immutable');
  });

  it('accepts a PUT resending the current tenant, and ignores the body tenant of a new device', () => {
    device
      .given([discovered(), tenantAssigned(SUB1)])
      .when({ ...put(MASTER, { ip: '10.9.9.9' }), requestedTenant: SUB1 })
      .then([
        { type: 'DeviceInfoChanged', data: { deviceId: ID, changes: { ip: '10.9.9.9' }, removed: [] } },
      ]);
    device
      .given([discovered()])
      .when({ ...put(MASTER), requestedTenant: SUB1 })
      .thenNothing();
  });

  it('treats an API-created device in a sub-tenant as already assigned', () => {
    device
      .given([created(SUB1)])
      .when(assign(SUB2))
      .thenFails('tenant_immutable');
  });

  it('lets an API-created device in the master tenant be assigned once', () => {
    device
      .given([created(MASTER)])
      .when(assign(SUB1))
      .then([tenantAssigned(SUB1)]);
  });

  it('assigns a master-tenant device through a PUT from a sub-tenant', () => {
    device
      .given([discovered()])
      .when(put(SUB1))
      .then([tenantAssigned(SUB1)]);
  });

  it('keeps a master-tenant device in place on a PUT from the master tenant', () => {
    device
      .given([discovered()])
      .when(put(MASTER, { ip: '10.0.0.3' }))
      .then([
        { type: 'DeviceInfoChanged', data: { deviceId: ID, changes: { ip: '10.0.0.3' }, removed: [] } },
      ]);
  });

  it('keeps the tenant of a sub-tenant device on a PUT from an ancestor tenant, applying the rest', () => {
    device
      .given([discovered(), tenantAssigned(SUB1)])
      .when(put(MASTER, { ip: '10.0.0.3' }))
      .then([
        { type: 'DeviceInfoChanged', data: { deviceId: ID, changes: { ip: '10.0.0.3' }, removed: [] } },
      ]);
  });

  it('ignores tenant_uuid and is_new in a PUT body', () => {
    device
      .given([discovered()])
      .when(put(MASTER, { ip: '10.0.0.2', tenant_uuid: SUB1, is_new: false }))
      .thenNothing();
  });

  it('reports an unknown device as not found', () => {
    device.given([]).when(assign(SUB1)).thenFails('not_found', 'No such resource');
    device.given([discovered(), deleted]).when(assign(SUB1)).thenFails('not_found', 'No such resource');
  });
});
