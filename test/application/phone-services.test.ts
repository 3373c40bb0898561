import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runConfigCommand, runDeviceCommand, runSettingsCommand } from '../../src/application/aggregates.js';
import type { JsonObject } from '../../src/domain/shared/json.js';
import type { FileRequest } from '../../src/plugin-runtime/contract.js';
import { collect } from '../support/event-fixtures.js';
import { type PhoneHarness, startPhoneHarness } from './support/phone-harness.js';
import { pluginSetOf, testPluginHandle } from './support/test-plugin-handle.js';

const MAC = '00:15:65:aa:bb:cc';
const FILE = '001565aabbcc.cfg';

const request = (overrides: Partial<FileRequest> = {}): FileRequest => ({
  protocol: 'http',
  path: FILE,
  filename: FILE,
  clientIp: '10.0.0.10',
  headers: { 'user-agent': `TestPhone T1 1.2.3 ${MAC}` },
  ...overrides,
});

const harnesses: PhoneHarness[] = [];
const start = async (...args: Parameters<typeof startPhoneHarness>) => {
  const h = await startPhoneHarness(...args);
  harnesses.push(h);
  return h;
};
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

const bodyOf = (outcome: Awaited<ReturnType<PhoneHarness['files']['serve']>>): string => {
  if (outcome.kind !== 'found' || outcome.file.kind !== 'rendered')
    throw new Error(`not served: ${JSON.stringify(outcome)}`);
  return outcome.file.body.toString('utf8');
};

const eventTypesSince = async (h: PhoneHarness, after: number): Promise<string[]> =>
  (await collect(h.store.readAll({ after }))).map((e) => e.type);

describe('an unknown phone', () => {
  it('is discovered in the master tenant, associated, given an autoprov config and served its file', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    const before = await h.head();
    const served = await h.files.serve(request(), {});
    const body = bodyOf(served);
    expect(body).toContain(`mac=${MAC}`);
    expect(body).toMatch(/^username=ap[a-z0-9]{8}$/m);
    expect(body).toContain('ntp=10.0.0.254');

    const [device] = h.readModels.devices.findByMac(MAC);
    expect(device).toMatchObject({
      added: 'auto',
      tenant_uuid: h.masterTenant,
      is_new: true,
      plugin: 'testphone',
      vendor: 'TestVendor',
      model: 'T1',
      version: '1.2.3',
      ip: '10.0.0.10',
    });
    expect(device?.config).toMatch(/^autoprov[0-9a-f-]{36}$/);
    expect(await eventTypesSince(h, before)).toEqual(
      expect.arrayContaining(['DeviceDiscovered', 'PluginAssociated', 'ConfigCreated', 'ConfigAssigned']),
    );
  });

  it('writes nothing more when a known phone asks again and nothing changed', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    bodyOf(await h.files.serve(request({ path: 'common.cfg', filename: 'common.cfg' }), {}));
    await new Promise((r) => setTimeout(r, 20));
    const head = await h.head();
    bodyOf(await h.files.serve(request({ path: 'common.cfg', filename: 'common.cfg' }), {}));
    expect(await h.head()).toBe(head);
  });

  it('gets nothing and creates nothing in secure mode', async () => {
    const h = await start(pluginSetOf(testPluginHandle()), { mode: 'secure' });
    const head = await h.head();
    expect(await h.files.serve(request(), {})).toEqual({ kind: 'not-found', reason: 'unknown device' });
    expect(h.readModels.devices.findByMac(MAC)).toEqual([]);
    expect(await h.head()).toBe(head);
  });

  it('creates one device when a booting phone sends several requests at once', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    await Promise.all(Array.from({ length: 5 }, () => h.files.serve(request(), {})));
    expect(h.readModels.devices.findByMac(MAC)).toHaveLength(1);
  });
});

describe('a known phone', () => {
  it('follows its new IP and firmware, and the old holder of that IP loses it (NAT off)', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    await h.files.serve(
      request({ clientIp: '10.0.0.20', headers: { 'user-agent': 'TestPhone T1 1.0 00:15:65:00:00:01' } }),
      {},
    );
    await h.files.serve(request(), {});
    await h.files.serve(
      request({ clientIp: '10.0.0.20', headers: { 'user-agent': `TestPhone T1 2.0 ${MAC}` } }),
      {},
    );
    expect(h.readModels.devices.findByMac(MAC)[0]).toMatchObject({ ip: '10.0.0.20', version: '2.0' });
    expect(h.readModels.devices.findByMac('00:15:65:00:00:01')[0]?.ip).toBeUndefined();
  });

  it('keeps shared IPs when the NAT parameter is 1', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    const set = await runSettingsCommand(
      h.store,
      { type: 'SetParameter', name: 'NAT', value: '1' },
      { source: 'api' },
    );
    if (E.isRight(set) && set.right.position !== undefined) await h.runner.waitFor(set.right.position);
    await h.files.serve(request({ headers: { 'user-agent': 'TestPhone T1 1.0 00:15:65:00:00:01' } }), {});
    await h.files.serve(request(), {});
    expect(h.readModels.devices.findByMac('00:15:65:00:00:01')[0]?.ip).toBe('10.0.0.10');
    expect(h.readModels.devices.findByMac(MAC)[0]?.ip).toBe('10.0.0.10');
  });

  it('is served a re-rendered file after a change of an ancestor config', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    expect(bodyOf(await h.files.serve(request(), {}))).toContain('ntp=10.0.0.254');
    // The device's config is autoprov<uuid> → autoprov → defaultconfigdevice, where ntp_ip is set.
    const ancestor = h.readModels.configs.get('defaultconfigdevice')!;
    const { id: _id, ...doc } = ancestor;
    const updated = await runConfigCommand(
      h.store,
      {
        type: 'UpdateConfig',
        configId: 'defaultconfigdevice',
        config: { ...doc, raw_config: { ...doc.raw_config, ntp_ip: '10.9.9.9' } } as unknown as JsonObject,
      },
      { source: 'api' },
    );
    if (E.isLeft(updated)) throw new Error(updated.left.message);
    await h.runner.waitFor(updated.right.position!);
    expect(h.renderer.isDirty(h.readModels.devices.findByMac(MAC)[0]!.id)).toBe(true);
    expect(bodyOf(await h.files.serve(request(), {}))).toContain('ntp=10.9.9.9');
  });

  it('records what it fetched once, and again only when the content changes', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    await h.files.serve(request(), {});
    await new Promise((r) => setTimeout(r, 50));
    const device = h.readModels.devices.findByMac(MAC)[0]!;
    const reports = async () =>
      (await collect(h.store.readStream(`device-${device.id}`))).filter(
        (e) => e.type === 'RemoteStateReported',
      );
    expect(await reports()).toHaveLength(1);
    expect((await reports())[0]?.data).toMatchObject({
      filename: FILE,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await h.files.serve(request(), {});
    await new Promise((r) => setTimeout(r, 50));
    expect(await reports()).toHaveLength(1);
  });

  it('is not configured, with the plugin error recorded, when its plugin cannot render it', async () => {
    const h = await start(
      pluginSetOf(testPluginHandle({ renderDevice: () => E.left('model T1 needs a firmware package') })),
    );
    expect(await h.files.serve(request(), {})).toEqual({ kind: 'not-found', reason: 'no such file' });
    await new Promise((r) => setTimeout(r, 50));
    const device = h.readModels.devices.findByMac(MAC)[0]!;
    const events = await collect(h.store.readStream(`device-${device.id}`));
    expect(events.filter((e) => e.type === 'DeviceConfigurationChanged').at(-1)?.data).toEqual({
      deviceId: device.id,
      configured: false,
      error: 'model T1 needs a firmware package',
    });
  });

  it('is refused with the URL key of another tenant once it left the master tenant', async () => {
    const h = await start(pluginSetOf(testPluginHandle()));
    await h.files.serve(request(), {});
    expect((await h.files.serve(request(), { tenantOfKey: 'tenant-b' })).kind).toBe('found');
    const device = h.readModels.devices.findByMac(MAC)[0]!;
    const moved = await runDeviceCommand(
      h.store,
      { type: 'AssignTenant', deviceId: device.id, tenantUuid: 'tenant-a', masterTenant: h.masterTenant },
      { source: 'api' },
    );
    if (E.isLeft(moved)) throw new Error(moved.left.message);
    await h.runner.waitFor(moved.right.position!);
    expect(await h.files.serve(request(), { tenantOfKey: 'tenant-b' })).toEqual({
      kind: 'not-found',
      reason: 'URL key of another tenant',
    });
    expect((await h.files.serve(request(), { tenantOfKey: 'tenant-a' })).kind).toBe('found');
  });
});
