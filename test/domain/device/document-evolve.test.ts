import { describe, expect, it } from 'vitest';
import type { DeviceDocument } from '../../../src/domain/device/document.js';
import { applyDeviceEvent, withMasterTenant } from '../../../src/domain/device/document-evolve.js';
import type { DeviceEvent } from '../../../src/domain/device/events.js';
import { configured, created, deleted, discovered, ID, MASTER, SUB1, tenantAssigned } from './fixtures.js';

const fold = (events: readonly DeviceEvent[], masterTenant: string | undefined = MASTER) =>
  events.reduce<DeviceDocument | undefined>(
    (doc, event) => applyDeviceEvent(doc, event, masterTenant),
    undefined,
  );

describe('applyDeviceEvent: provd REST document', () => {
  it('builds a discovered device: master tenant, is_new, added auto, not configured', () => {
    expect(fold([discovered({ ip: '10.0.0.2', mac: '00:11:22:33:44:55' })])).toEqual({
      id: ID,
      ip: '10.0.0.2',
      mac: '00:11:22:33:44:55',
      tenant_uuid: MASTER,
      is_new: true,
      configured: false,
      added: 'auto',
    });
  });

  it('builds an API-created device from its fields', () => {
    expect(fold([created(SUB1, { plugin: 'p', description: 'd', X_a: [1] })])).toEqual({
      id: ID,
      plugin: 'p',
      description: 'd',
      X_a: [1],
      tenant_uuid: SUB1,
      is_new: false,
      configured: false,
    });
  });

  it('recomputes is_new on tenant assignment', () => {
    expect(fold([discovered(), tenantAssigned(SUB1)])).toMatchObject({ tenant_uuid: SUB1, is_new: false });
  });

  it('applies info changes and removals, plugin, config, fields, remote state and configured', () => {
    const doc = fold([
      discovered({ ip: '10.0.0.2', version: '1' }),
      {
        type: 'DeviceInfoChanged',
        data: { deviceId: ID, changes: { version: '2', sn: 'S' }, removed: ['ip'] },
      },
      { type: 'PluginAssociated', data: { deviceId: ID, plugin: 'p', previous: null, score: 600 } },
      { type: 'ConfigAssigned', data: { deviceId: ID, config: 'autoprov1', previous: null } },
      { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: 'autoprov1' } },
      {
        type: 'DeviceUpdated',
        data: { deviceId: ID, set: { description: 'x', options: { a: 1 } }, unset: [] },
      },
      {
        type: 'RemoteStateReported',
        data: { deviceId: ID, sipUsername: 'foobar', filename: 'f.cfg', contentHash: 'h' },
      },
      configured(true),
    ]);
    expect(doc).toEqual({
      id: ID,
      version: '2',
      sn: 'S',
      tenant_uuid: MASTER,
      is_new: true,
      configured: true,
      added: 'auto',
      plugin: 'p',
      config: 'dev1',
      description: 'x',
      options: { a: 1 },
      remote_state_sip_username: 'foobar',
    });
  });

  it('removes plugin and config on null, fields on unset', () => {
    const doc = fold([
      created(SUB1, { plugin: 'p', config: 'c', X_a: 1 }),
      { type: 'PluginAssociated', data: { deviceId: ID, plugin: null, previous: 'p', score: null } },
      { type: 'ConfigAssigned', data: { deviceId: ID, config: null, previous: 'c' } },
      { type: 'DeviceUpdated', data: { deviceId: ID, set: {}, unset: ['X_a'] } },
    ]);
    expect(doc).toEqual({ id: ID, tenant_uuid: SUB1, is_new: false, configured: false });
  });

  it('keeps configured unchanged by plugin or config changes', () => {
    const doc = fold([
      discovered(),
      configured(true),
      { type: 'PluginAssociated', data: { deviceId: ID, plugin: 'p2', previous: null, score: null } },
    ]);
    expect(doc?.configured).toBe(true);
  });

  it('never lets events overwrite server-owned keys through DeviceUpdated', () => {
    const doc = fold([
      discovered(),
      {
        type: 'DeviceUpdated',
        data: { deviceId: ID, set: { tenant_uuid: SUB1, is_new: false }, unset: ['added'] },
      },
    ]);
    expect(doc).toMatchObject({ tenant_uuid: MASTER, is_new: true, added: 'auto' });
  });

  it('removes identification keys only through DeviceInfoChanged', () => {
    const doc = fold([
      discovered({ ip: '10.0.0.2' }),
      {
        type: 'DeviceInfoChanged',
        data: { deviceId: ID, changes: {}, removed: ['ip', 'tenant_uuid', 'id'] },
      },
    ]);
    expect(doc).toEqual({ id: ID, tenant_uuid: MASTER, is_new: true, configured: false, added: 'auto' });
  });

  it('is undefined after deletion, and events about an absent device leave it undefined', () => {
    expect(fold([discovered(), deleted])).toBeUndefined();
    expect(fold([configured(true)])).toBeUndefined();
  });

  it('does not alias or freeze event data', () => {
    const fields = { options: { a: 1 } };
    const doc = fold([created(SUB1, fields)]);
    expect(doc?.options).toEqual({ a: 1 });
    expect(doc?.options).not.toBe(fields.options);
    expect(Object.isFrozen(fields.options)).toBe(false);
  });

  it('leaves is_new false while the master tenant is unknown, and withMasterTenant fixes it later', () => {
    const doc = applyDeviceEvent(undefined, discovered(), undefined);
    expect(doc?.is_new).toBe(false);
    expect(doc && withMasterTenant(doc, MASTER).is_new).toBe(true);
    expect(doc && withMasterTenant(doc, undefined)).toBe(doc);
  });
});
