import { describe, it } from 'vitest';
import type { ConfigKind, UpdateDevice } from '../../../src/domain/device/commands.js';
import { deviceDecider } from '../../../src/domain/device/decider.js';
import type { DeviceEvent } from '../../../src/domain/device/events.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { spec } from '../../support/decider-spec.js';
import { created, FIXTURE_FIELDS, ID, MASTER, SUB1, tenantAssigned } from './fixtures.js';

const device = spec(deviceDecider);

const put = (
  fields: JsonObject,
  kinds: { configKind?: ConfigKind | null; previousConfigKind?: ConfigKind | null } = {},
  effectiveTenant = SUB1,
): UpdateDevice => ({
  type: 'UpdateDevice',
  deviceId: ID,
  fields,
  effectiveTenant,
  masterTenant: MASTER,
  configKind: kinds.configKind ?? null,
  previousConfigKind: kinds.previousConfigKind ?? null,
});

/** A device of SUB1 created with the integration tests' fixture fields. */
const existing = (extra: JsonObject = {}): DeviceEvent[] => [created(SUB1, { ...FIXTURE_FIELDS, ...extra })];

describe('UpdateDevice (PUT, full replacement)', () => {
  it('records nothing for an identical PUT', () => {
    device.given(existing()).when(put(FIXTURE_FIELDS)).thenNothing();
  });

  it('records nothing when only server-owned keys differ', () => {
    device
      .given(existing())
      .when(
        put({
          ...FIXTURE_FIELDS,
          id: 'x',
          configured: true,
          is_new: true,
          added: 'auto',
          tenant_uuid: MASTER,
        }),
      )
      .thenNothing();
  });

  it('maps identification changes and removals to one DeviceInfoChanged', () => {
    const { mac: _mac, model: _model, ...rest } = FIXTURE_FIELDS;
    device
      .given(existing())
      .when(put({ ...rest, ip: '10.0.0.9', sn: 'SN1' }))
      .then([
        {
          type: 'DeviceInfoChanged',
          data: { deviceId: ID, changes: { ip: '10.0.0.9', sn: 'SN1' }, removed: ['mac', 'model'] },
        },
      ]);
  });

  it('maps a plugin change to PluginAssociated without score', () => {
    device
      .given(existing())
      .when(put({ ...FIXTURE_FIELDS, plugin: 'xivo-yealink-v85' }))
      .then([
        {
          type: 'PluginAssociated',
          data: { deviceId: ID, plugin: 'xivo-yealink-v85', previous: 'test-plugin', score: null },
        },
      ]);
    device
      .given(existing())
      .when(put({ ...FIXTURE_FIELDS, plugin: null }))
      .then([
        {
          type: 'PluginAssociated',
          data: { deviceId: ID, plugin: null, previous: 'test-plugin', score: null },
        },
      ]);
  });

  it('maps moving from an autoprov config to a line config to DeviceAssociatedToLine', () => {
    device
      .given(existing({ config: 'autoprov123' }))
      .when(
        put({ ...FIXTURE_FIELDS, config: 'dev1' }, { configKind: 'line', previousConfigKind: 'autoprov' }),
      )
      .then([
        { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: 'autoprov123' } },
      ]);
  });

  it('maps moving from no config to a line config to DeviceAssociatedToLine', () => {
    const { config: _config, ...noConfig } = FIXTURE_FIELDS;
    device
      .given([created(SUB1, noConfig)])
      .when(put({ ...noConfig, config: 'dev1' }, { configKind: 'line' }))
      .then([{ type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: null } }]);
  });

  it('maps wazo-confd reset to autoprov (line → autoprov, options removed) and keeps the tenant', () => {
    device
      .given(existing({ config: 'dev1', options: { switchboard: true } }))
      .when(
        put(
          { ...FIXTURE_FIELDS, config: 'autoprov456' },
          { configKind: 'autoprov', previousConfigKind: 'line' },
          MASTER,
        ),
      )
      .then([
        { type: 'DeviceResetToAutoprov', data: { deviceId: ID, config: 'autoprov456', previous: 'dev1' } },
        { type: 'DeviceUpdated', data: { deviceId: ID, set: {}, unset: ['options'] } },
      ]);
  });

  it('maps other config moves and config removal to ConfigAssigned', () => {
    device
      .given(existing())
      .when(put({ ...FIXTURE_FIELDS, config: 'other' }, { configKind: 'other', previousConfigKind: 'other' }))
      .then([
        { type: 'ConfigAssigned', data: { deviceId: ID, config: 'other', previous: 'defaultconfigdevice' } },
      ]);
    device
      .given(existing({ config: 'dev1' }))
      .when(put({ ...FIXTURE_FIELDS, config: 'dev2' }, { configKind: 'line', previousConfigKind: 'line' }))
      .then([{ type: 'ConfigAssigned', data: { deviceId: ID, config: 'dev2', previous: 'dev1' } }]);
    const { config: _config, ...noConfig } = FIXTURE_FIELDS;
    device
      .given(existing())
      .when(put(noConfig, { previousConfigKind: 'other' }))
      .then([
        { type: 'ConfigAssigned', data: { deviceId: ID, config: null, previous: 'defaultconfigdevice' } },
      ]);
  });

  it('maps description, options, X_* and unknown keys to DeviceUpdated', () => {
    device
      .given(existing({ description: 'old', X_keep: 1, X_drop: 2, foo: 'bar' }))
      .when(
        put({ ...FIXTURE_FIELDS, description: 'new', options: { switchboard: true }, X_keep: 1, foo: 'baz' }),
      )
      .then([
        {
          type: 'DeviceUpdated',
          data: {
            deviceId: ID,
            set: { description: 'new', options: { switchboard: true }, foo: 'baz' },
            unset: ['X_drop'],
          },
        },
      ]);
  });

  it('emits every kind of change in a fixed order', () => {
    device
      .given([created(MASTER, { ...FIXTURE_FIELDS, config: 'autoprov1' })])
      .when(
        put(
          { ...FIXTURE_FIELDS, ip: '10.0.0.3', plugin: 'p2', config: 'dev1', description: 'desk' },
          { configKind: 'line', previousConfigKind: 'autoprov' },
          SUB1,
        ),
      )
      .then([
        tenantAssigned(SUB1),
        { type: 'DeviceInfoChanged', data: { deviceId: ID, changes: { ip: '10.0.0.3' }, removed: [] } },
        {
          type: 'PluginAssociated',
          data: { deviceId: ID, plugin: 'p2', previous: 'test-plugin', score: null },
        },
        { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: 'autoprov1' } },
        { type: 'DeviceUpdated', data: { deviceId: ID, set: { description: 'desk' }, unset: [] } },
      ]);
  });

  it('validates like a create', () => {
    device
      .given(existing())
      .when(put({ ...FIXTURE_FIELDS, mac: '00:11:22:33:44:xx' }))
      .thenFails('validation', 'Non-normalized MAC address 00:11:22:33:44:xx');
    device
      .given(existing())
      .when(put({ ...FIXTURE_FIELDS, ip: '10.0.1.xx' }))
      .thenFails('validation', 'Non-normalized IP address 10.0.1.xx');
  });

  it('compares coerced values, so a number equal to the stored string is no change', () => {
    device
      .given(existing({ model: '42' }))
      .when(put({ ...FIXTURE_FIELDS, model: 42 }))
      .thenNothing();
  });

  it('reports an unknown device as not found', () => {
    device.given([]).when(put(FIXTURE_FIELDS)).thenFails('not_found', 'No such resource');
  });
});
