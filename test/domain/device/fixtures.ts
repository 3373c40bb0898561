import type { DeviceEvent } from '../../../src/domain/device/events.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';

export const MASTER = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee1';
export const SUB1 = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee2';
export const SUB2 = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee3';
export const ID = 'dev1';

export const discovered = (info: JsonObject = { ip: '10.0.0.2' }): DeviceEvent => ({
  type: 'DeviceDiscovered',
  data: { deviceId: ID, info, tenantUuid: MASTER, via: 'phone-http' },
});

export const created = (tenantUuid: string, fields: JsonObject = {}): DeviceEvent => ({
  type: 'DeviceCreated',
  data: { deviceId: ID, tenantUuid, fields },
});

export const tenantAssigned = (tenantUuid: string, previous = MASTER): DeviceEvent => ({
  type: 'TenantAssigned',
  data: { deviceId: ID, tenantUuid, previous },
});

export const configured = (value = true, error: string | null = null): DeviceEvent => ({
  type: 'DeviceConfigurationChanged',
  data: { deviceId: ID, configured: value, error },
});

export const deleted: DeviceEvent = { type: 'DeviceDeleted', data: { deviceId: ID } };

/** The fixture device of provd's integration tests. */
export const FIXTURE_FIELDS: JsonObject = {
  config: 'defaultconfigdevice',
  ip: '10.0.0.2',
  mac: '00:11:22:33:44:55',
  model: 'testdevice',
  plugin: 'test-plugin',
  vendor: 'test',
  version: '1.0',
};
