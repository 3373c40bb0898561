import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents } from './support/append-events.js';
import { type Harness, newHarness } from './support/harness.js';
import { SCENARIO } from './support/scenario.js';
import { dumpSchema, dumpTables } from './support/table-dump.js';

const open: Harness[] = [];
const harness = (...args: Parameters<typeof newHarness>): Harness => {
  const h = newHarness(...args);
  open.push(h);
  return h;
};
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runner.stop();
    h.db.close();
  }
});

/** The read model as the live tail builds it: one event at a time, waiting for each. */
const buildIncrementally = async (): Promise<Harness> => {
  const live = harness();
  await live.runner.start();
  for (const [stream, event] of SCENARIO) {
    await live.runner.waitFor(await appendEvents(live.store, stream, [event]));
  }
  return live;
};

describe('rebuilding from zero', () => {
  it('gives read models identical to the incrementally built ones', async () => {
    const live = await buildIncrementally();
    const rebuilt = harness({ store: live.store, batchSize: 7 });
    await rebuilt.runner.catchUp();

    expect(rebuilt.runner.position()).toBe(live.runner.position());
    expect(dumpSchema(rebuilt.db)).toEqual(dumpSchema(live.db));
    const dump = dumpTables(live.db);
    expect(dumpTables(rebuilt.db)).toEqual(dump);
    // Guard against comparing two empty databases.
    expect(Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.length]))).toEqual({
      auth_tenants: 3,
      auth_tokens: 2,
      config_parents: 5,
      configs: 6,
      configs_state: 1,
      device_history: 15,
      devices: 3,
      devices_state: 1,
      plugin_packages: 1,
      plugins: 1,
      projection_checkpoints: 9,
      render_common_dirty: 2,
      render_dirty: 3,
      rq_config_parents: 7,
      rq_devices: 3,
      rq_plugins: 1,
      settings_parameters: 2,
      settings_state: 2,
      settings_tenants: 2,
      stream_revisions: 10,
    });
  });

  it('rebuild() on a live runner recreates the same tables and keeps following the log', async () => {
    const live = await buildIncrementally();
    const before = dumpTables(live.db);
    await live.runner.rebuild();
    expect(dumpTables(live.db)).toEqual(before);

    const position = await appendEvents(live.store, 'device-d9', [
      {
        type: 'DeviceDiscovered',
        data: { deviceId: 'd9', info: { ip: '10.9.9.9' }, tenantUuid: 't', via: 'dhcp' },
      },
    ]);
    await live.runner.waitFor(position, 2_000);
    expect(live.models.devices.get('d9')?.ip).toBe('10.9.9.9');
  });

  it('rebuild(name) rebuilds only that projection', async () => {
    const live = await buildIncrementally();
    const before = dumpTables(live.db);
    live.db.exec("UPDATE plugins SET version = 'tampered'");
    live.db.exec("UPDATE devices SET doc = '{}' WHERE id = 'd1'");
    await live.runner.rebuild('plugins');
    const after = dumpTables(live.db);
    expect(after.plugins).toEqual(before.plugins);
    expect(after.devices).not.toEqual(before.devices);
  });
});
