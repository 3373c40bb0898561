import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events/domain-event.js';
import { configStream, deviceStream, pluginStream, SETTINGS_STREAM } from '../../src/domain/streams.js';
import { prepared } from '../../src/projections/runner/statement-cache.js';
import { appendEvents } from './support/append-events.js';
import { type Harness, newHarness } from './support/harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runner.stop();
    h.db.close();
  }
});

const MASTER = 'tenant-master';

const discovered = (deviceId: string): DomainEvent => ({
  type: 'DeviceDiscovered',
  data: { deviceId, info: { mac: '00:11:22:33:44:55' }, tenantUuid: MASTER, via: 'phone-http' },
});
const configCreated = (configId: string, parents: string[]): DomainEvent => ({
  type: 'ConfigCreated',
  data: { configId, config: { parent_ids: parents, raw_config: {} }, autocreatedFrom: null },
});

/** Appends steps, catches up, clears the queue, then appends `then` and returns what got marked. */
const markedBy = async (
  setup: readonly (readonly [string, DomainEvent])[],
  then: readonly (readonly [string, DomainEvent])[],
): Promise<{ devices: string[]; commons: string[] }> => {
  const h = newHarness();
  open.push(h);
  for (const [stream, event] of setup) await appendEvents(h.store, stream, [event]);
  await h.runner.catchUp();
  h.db.exec('DELETE FROM render_dirty; DELETE FROM render_common_dirty');
  for (const [stream, event] of then) await appendEvents(h.store, stream, [event]);
  await h.runner.catchUp();
  const column = (sql: string) => (prepared(h.db, sql).all() as { id: string }[]).map((r) => r.id);
  return {
    devices: column('SELECT device_id AS id FROM render_dirty ORDER BY device_id'),
    commons: column('SELECT plugin AS id FROM render_common_dirty ORDER BY plugin'),
  };
};

const withConfig = (deviceId: string, config: string): (readonly [string, DomainEvent])[] => [
  [deviceStream(deviceId), discovered(deviceId)],
  [deviceStream(deviceId), { type: 'ConfigAssigned', data: { deviceId, config, previous: null } }],
];
const withPlugin = (deviceId: string, plugin: string): readonly [string, DomainEvent] => [
  deviceStream(deviceId),
  { type: 'PluginAssociated', data: { deviceId, plugin, previous: null, score: 500 } },
];

const graph: (readonly [string, DomainEvent])[] = [
  [configStream('base'), configCreated('base', [])],
  [configStream('autoprov'), configCreated('autoprov', ['base'])],
  [configStream('ap1'), configCreated('ap1', ['autoprov'])],
  [configStream('line1'), configCreated('line1', [])],
  ...withConfig('d1', 'ap1'),
  ...withConfig('d2', 'line1'),
  ...withConfig('d3', 'base'),
  withPlugin('d1', 'yealink'),
  withPlugin('d2', 'other'),
  [
    pluginStream('yealink'),
    { type: 'PluginInstalled', data: { pluginId: 'yealink', info: { version: '1.0' } } },
  ],
  [pluginStream('other'), { type: 'PluginInstalled', data: { pluginId: 'other', info: { version: '1.0' } } }],
];

describe('render queue', () => {
  it('marks a new device', async () => {
    expect(await markedBy([], [[deviceStream('d9'), discovered('d9')]])).toEqual({
      devices: ['d9'],
      commons: [],
    });
  });

  it('marks every device using a config or one of its descendants', async () => {
    const update: DomainEvent = {
      type: 'ConfigUpdated',
      data: { configId: 'base', config: { parent_ids: [], raw_config: { ntp_ip: '1.2.3.4' } } },
    };
    expect(await markedBy(graph, [[configStream('base'), update]])).toEqual({
      devices: ['d1', 'd3'],
      commons: [],
    });
  });

  it('survives a cycle in the config graph', async () => {
    const cycle: DomainEvent = {
      type: 'ConfigUpdated',
      data: { configId: 'base', config: { parent_ids: ['ap1'], raw_config: {} } },
    };
    expect((await markedBy(graph, [[configStream('base'), cycle]])).devices).toEqual(['d1', 'd3']);
  });

  it('marks the devices and common files of an upgraded plugin only', async () => {
    const upgraded: DomainEvent = {
      type: 'PluginUpgraded',
      data: { pluginId: 'yealink', fromVersion: '1.0', info: { version: '1.1' } },
    };
    expect(await markedBy(graph, [[pluginStream('yealink'), upgraded]])).toEqual({
      devices: ['d1'],
      commons: ['yealink'],
    });
  });

  it('marks everything when the base raw config changes', async () => {
    const base: DomainEvent = { type: 'BaseRawConfigChanged', data: { rawConfig: { http_port: 80 } } };
    expect(await markedBy(graph, [[SETTINGS_STREAM, base]])).toEqual({
      devices: ['d1', 'd2', 'd3'],
      commons: ['other', 'yealink'],
    });
  });

  it('marks a deleted device so its files are removed, and forgets it', async () => {
    const marked = await markedBy(graph, [
      [deviceStream('d2'), { type: 'DeviceDeleted', data: { deviceId: 'd2' } }],
      [
        configStream('line1'),
        { type: 'ConfigUpdated', data: { configId: 'line1', config: { parent_ids: [], raw_config: {} } } },
      ],
    ]);
    expect(marked.devices).toEqual(['d2']);
  });

  it('does not mark on events that change nothing served', async () => {
    const sync: DomainEvent = { type: 'SynchronizeRequested', data: { deviceId: 'd1' } };
    const report: DomainEvent = {
      type: 'RemoteStateReported',
      data: { deviceId: 'd1', sipUsername: 'u', filename: 'f', contentHash: 'h' },
    };
    const outcome: DomainEvent = {
      type: 'DeviceConfigurationChanged',
      data: { deviceId: 'd1', configured: true, error: null },
    };
    expect(
      await markedBy(graph, [
        [deviceStream('d1'), sync],
        [deviceStream('d1'), report],
        [deviceStream('d1'), outcome],
      ]),
    ).toEqual({ devices: [], commons: [] });
  });
});
