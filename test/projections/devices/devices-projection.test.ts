import { describe, expect, it } from 'vitest';
import { deviceStream, SETTINGS_STREAM } from '../../../src/domain/streams.js';
import { appendAll } from '../support/append-events.js';
import { discovered } from '../support/device-events.js';
import { newHarness } from '../support/harness.js';

describe('devices projection', () => {
  it('judges is_new once the master tenant becomes known, and again when it changes', async () => {
    const h = newHarness();
    await h.runner.start();
    let position = await appendAll(h.store, [
      [deviceStream('d1'), discovered('d1')],
      [
        deviceStream('d2'),
        { type: 'DeviceCreated', data: { deviceId: 'd2', tenantUuid: 'other', fields: {} } },
      ],
    ]);
    await h.runner.waitFor(position, 2_000);
    expect(h.models.devices.get('d1')?.is_new).toBe(false);

    position = await appendAll(h.store, [
      [SETTINGS_STREAM, { type: 'MasterTenantSet', data: { tenantUuid: 'tenant-master' } }],
    ]);
    await h.runner.waitFor(position, 2_000);
    expect(h.models.devices.get('d1')?.is_new).toBe(true);
    expect(h.models.devices.get('d2')?.is_new).toBe(false);

    position = await appendAll(h.store, [
      [SETTINGS_STREAM, { type: 'MasterTenantSet', data: { tenantUuid: 'other' } }],
    ]);
    await h.runner.waitFor(position, 2_000);
    expect(h.models.devices.get('d1')?.is_new).toBe(false);
    expect(h.models.devices.get('d2')?.is_new).toBe(true);
    await h.runner.stop();
  });

  it('recomputes is_new of more devices than one page', async () => {
    const h = newHarness();
    const steps = Array.from(
      { length: 2_345 },
      (_, i) => [deviceStream(`d${i}`), discovered(`d${i}`)] as const,
    );
    await appendAll(h.store, [
      ...steps,
      [SETTINGS_STREAM, { type: 'MasterTenantSet', data: { tenantUuid: 'tenant-master' } }],
    ]);
    await h.runner.catchUp();
    expect(h.models.devices.find({ tenantUuids: 'all', selector: { is_new: false } })).toEqual([]);
    expect(h.models.devices.countByTenant().get('tenant-master')).toBe(2_345);
  });

  it('ignores changes to a device that does not exist', async () => {
    const h = newHarness();
    await appendAll(h.store, [
      [
        deviceStream('ghost'),
        { type: 'DeviceUpdated', data: { deviceId: 'ghost', set: { description: 'x' }, unset: [] } },
      ],
      [deviceStream('ghost'), { type: 'DeviceDeleted', data: { deviceId: 'ghost' } }],
    ]);
    await h.runner.catchUp();
    expect(h.models.devices.get('ghost')).toBeUndefined();
    expect(h.runner.health().state).toBe('stopped');
  });
});
