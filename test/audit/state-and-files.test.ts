import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceFilesAt } from '../../src/application/audit/files-at.js';
import type { DeviceStateView } from '../../src/application/audit/state-at.js';
import { Operation } from '../../src/application/operations/operation.js';
import { buildRepository } from '../../src/application/plugins/repository/build-repository.js';
import { copySourcePlugin, editFile, setVersion } from '../plugin-packages/support/fixture-repository.js';
import { type RepositoryServer, serveRepository } from '../plugin-packages/support/repository-server.js';
import { type RestTestServer, startRestServer } from '../rest/support/rest-server.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import {
  addAuditTokens,
  createDevice,
  instantAfter,
  MULTITENANT_TOKEN,
  putConfig,
  SUB1_AUDITOR,
  waitForEvent,
} from './support/audit-server.js';

/**
 * A device's state and files at an instant, across a config change (a Yealink phone) and across
 * a plugin upgrade (the test plugin), against what a phone fetched over real HTTP.
 */

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let t: RestTestServer;
let work: TempDir;
let repo: RepositoryServer | undefined;

beforeAll(async () => {
  t = await startRestServer();
  addAuditTokens(t);
  work = await makeTempDir('provd-audit-plugins-');
});
afterAll(async () => {
  await t?.close();
  await repo?.close();
  await work?.remove();
});

/** A phone's request to the phone HTTP listener; the body and its hash. */
const fetchAsPhone = async (path: string, headers: Record<string, string>) => {
  const response = await fetch(`${t.server.httpUrl}/${path}`, { headers });
  expect(response.status, path).toBe(200);
  const body = Buffer.from(await response.arrayBuffer());
  return { body, sha256: sha256(body) };
};

/** The RemoteStateReported of that content, once recorded (it is recorded after serving). */
const reported = (deviceId: string, hash: string) =>
  waitForEvent(
    t.server.store,
    (e) =>
      e.stream === `device-${deviceId}` &&
      e.type === 'RemoteStateReported' &&
      (e.data as { contentHash?: string }).contentHash === hash,
    `the report of ${hash}`,
  );

const filesAt = (deviceId: string, at: string, extra = '', token = MULTITENANT_TOKEN) =>
  t
    .api(token)
    .json<DeviceFilesAt>(`/0.2/audit/devices/${deviceId}/files?at=${encodeURIComponent(at)}${extra}`);

const stateAt = (deviceId: string, at: string, extra = '') =>
  t.api().json<DeviceStateView>(`/0.2/audit/devices/${deviceId}/state?at=${encodeURIComponent(at)}${extra}`);

describe('a Yealink phone across a config change', () => {
  const MAC = '00:15:65:aa:bb:cc';
  const FILE = '001565aabbcc.cfg';
  const UA = { 'user-agent': `Yealink SIP-T46S 66.86.0.15 ${MAC}` };
  let id: string;
  let first: { body: Buffer; sha256: string };
  let second: { body: Buffer; sha256: string };
  let beforeChange: string;
  let afterChangeBeforeFetch: string;
  let afterFetch: string;
  let beforeDevice: string;

  beforeAll(async () => {
    beforeDevice = await instantAfter();
    first = await fetchAsPhone(FILE, UA);
    id = t.server.readModels.devices.findByMac(MAC)[0]!.id;
    await reported(id, first.sha256);
    beforeChange = await instantAfter();

    await putConfig(t, 'line-bob', {
      sip_lines: {
        '1': { username: 'bob', password: 'bob-secret-pw', display_name: 'Bob', proxy_ip: '10.0.0.254' },
      },
    });
    const doc = (await t.api().json<{ device: Record<string, unknown> }>(`/0.2/dev_mgr/devices/${id}`))
      .device;
    const put = await t.api().put(`/0.2/dev_mgr/devices/${id}`, { device: { ...doc, config: 'line-bob' } });
    expect(put.statusCode, put.body).toBe(204);
    afterChangeBeforeFetch = await instantAfter();

    second = await fetchAsPhone(FILE, UA);
    expect(second.sha256).not.toBe(first.sha256);
    await reported(id, second.sha256);
    afterFetch = await instantAfter();
  });

  it('re-renders what the phone got before the change, byte for byte: match', async () => {
    const view = await filesAt(id, beforeChange, '&show_secrets=true');
    expect(view.error).toBeNull();
    expect(view.plugin).toEqual({ id: 'yealink', version: expect.any(String) });
    const file = view.files.find((f) => f.path === FILE)!;
    expect(file.content).toBe(first.body.toString('utf8'));
    expect(file).toMatchObject({ sha256: first.sha256, size: first.body.length, scope: 'device' });
    expect(file.fetched).toEqual({ at: expect.any(String), sha256: first.sha256, match: true });
    expect(view.summary).toBe('match');
  });

  it('says the phone has stale files between the change and its next fetch: mismatch', async () => {
    const view = await filesAt(id, afterChangeBeforeFetch);
    const file = view.files.find((f) => f.path === FILE)!;
    expect(file.sha256).toBe(second.sha256);
    expect(file.fetched).toEqual({ at: expect.any(String), sha256: first.sha256, match: false });
    expect(view.summary).toBe('mismatch');
  });

  it('re-renders what it got after the change: match, secrets masked unless asked for', async () => {
    const view = await filesAt(id, afterFetch);
    const file = view.files.find((f) => f.path === FILE)!;
    expect(file).toMatchObject({
      sha256: second.sha256,
      redacted: true,
      fetched: { sha256: second.sha256, match: true },
    });
    expect(file.content).toContain('account.1.user_name = bob');
    expect(file.content).not.toContain('bob-secret-pw');
    expect(second.body.toString('utf8')).toContain('bob-secret-pw');
    expect(view.summary).toBe('match');
    const revealed = await filesAt(id, afterFetch, '&show_secrets=true');
    expect(revealed.files.find((f) => f.path === FILE)!.content).toBe(second.body.toString('utf8'));
  });

  it('shows the device, its flattened config and its plugin as they were', async () => {
    const before = await stateAt(id, beforeChange);
    expect(before.device).toMatchObject({ id, mac: MAC, plugin: 'yealink' });
    expect(String(before.device.config)).toMatch(/^autoprov/);
    expect(before.plugin).toEqual({ id: 'yealink', version: expect.any(String) });
    const after = await stateAt(id, afterFetch);
    expect(after.device.config).toBe('line-bob');
    expect(after.config).toMatchObject({
      http_base_url: 'http://10.0.0.254:8667',
      sip_lines: { '1': { username: 'bob', password: '********', display_name: 'Bob' } },
    });
    const revealed = await stateAt(id, afterFetch, '&show_secrets=true');
    expect(revealed.config).toMatchObject({ sip_lines: { '1': { password: 'bob-secret-pw' } } });
  });

  it('says when the device did not exist yet, and hides it from other tenants', async () => {
    const early = await t.api().get(`/0.2/audit/devices/${id}/state?at=${encodeURIComponent(beforeDevice)}`);
    expect(early.statusCode).toBe(404);
    expect(early.body).toMatch(new RegExp(`^Device ${id} did not exist at .* \\(it was created later\\)$`));
    const other = await t
      .api(SUB1_AUDITOR)
      .get(`/0.2/audit/devices/${id}/files?at=${encodeURIComponent(afterFetch)}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(`No such device: ${id}`);
  });
});

describe('state and files: refusals', () => {
  it.each([
    ['/0.2/audit/devices/x/state?at=yesterday', 400, /"at": not an ISO 8601 instant: "yesterday"/],
    ['/0.2/audit/devices/x/files?at=2026-13-01', 400, /"at": not an ISO 8601 instant/],
    ['/0.2/audit/devices/x/files?at=2026-03-01T10:00', 400, /has no time zone/],
    ['/0.2/audit/devices/x/state?when=2026-03-01', 400, /Unknown parameter "when"/],
    ['/0.2/audit/devices/nosuch/state', 404, /^No such device: nosuch$/],
    ['/0.2/audit/devices/nosuch/files?at=2026-03-01', 404, /^No such device: nosuch$/],
  ])('%s → %i', async (path, status, message) => {
    const response = await t.api().get(path);
    expect(response.statusCode).toBe(status);
    expect(response.body).toMatch(message);
  });

  it('requires the audit ACLs', async () => {
    await createDevice(t, 'acl-dev', { mac: '00:11:22:55:00:01' });
    expect((await t.api('no-audit').get('/0.2/audit/devices/acl-dev/state')).statusCode).toBe(401);
    expect((await t.api('no-audit').get('/0.2/audit/devices/acl-dev/files')).statusCode).toBe(401);
  });
});

describe('the test plugin across an upgrade', () => {
  const MAC = '00:11:22:aa:bb:01';
  const FILE = 'test-001122aabb01.cfg';
  const PHONE = { 'x-test-device': `model=T1; version=1.0; mac=${MAC}` };
  let id: string;

  beforeAll(async () => {
    const sources = join(work.path, 'src-v2');
    const dir = await copySourcePlugin('test', sources);
    await setVersion(dir, '1.0.0', '1.1.0');
    await editFile(
      join(dir, 'templates', 'device.cfg.dot'),
      '# provd test plugin: device',
      '# provd test plugin v2: device',
    );
    await buildRepository({ pluginsDir: sources, outDir: join(work.path, 'repo-v2') });
    repo = await serveRepository(work.path);
  });

  it('re-renders with the version in force then, and the hashes match what the phone fetched', async () => {
    const v1 = await fetchAsPhone(FILE, PHONE);
    id = t.server.readModels.devices.findByMac(MAC)[0]!.id;
    expect(v1.body.toString('utf8')).toMatch(/^# provd test plugin: device/);
    await reported(id, v1.sha256);
    const underV1 = await instantAfter();

    const set = await t
      .api()
      .put('/0.2/configure/plugin_server', { param: { value: `${repo!.url}repo-v2/` } });
    expect(set.statusCode, set.body).toBe(204);
    const update = new Operation('update');
    t.server.pluginManager.updateIndex(update);
    expect(await update.settled()).toBe('success');
    const upgrade = new Operation('upgrade');
    t.server.pluginManager.upgrade('test', upgrade);
    expect(await upgrade.settled(), upgrade.format()).toBe('success');

    const v2 = await fetchAsPhone(FILE, PHONE);
    expect(v2.body.toString('utf8')).toMatch(/^# provd test plugin v2: device/);
    await reported(id, v2.sha256);
    const underV2 = await instantAfter();

    const old = await filesAt(id, underV1, '&show_secrets=true');
    expect(old.plugin).toEqual({ id: 'test', version: '1.0.0' });
    const oldFile = old.files.find((f) => f.path === FILE)!;
    expect(oldFile.content).toBe(v1.body.toString('utf8'));
    expect(oldFile.fetched).toEqual({ at: expect.any(String), sha256: v1.sha256, match: true });
    expect(old.summary).toBe('match');

    const current = await filesAt(id, underV2, '&show_secrets=true');
    expect(current.plugin).toEqual({ id: 'test', version: '1.1.0' });
    const currentFile = current.files.find((f) => f.path === FILE)!;
    expect(currentFile.content).toBe(v2.body.toString('utf8'));
    expect(currentFile.fetched).toMatchObject({ sha256: v2.sha256, match: true });
    expect(current.summary).toBe('match');
  });

  it('keeps every installed version of a plugin in plugins/.cache', () => {
    const cache = join(t.dataDir, 'plugins', '.cache');
    expect(existsSync(join(cache, 'test-1.0.0.tar.gz'))).toBe(true);
    expect(existsSync(join(cache, 'test-1.1.0.tar.gz'))).toBe(true);
    const yealink = t.server.readModels.plugins.installedVersion('yealink');
    expect(existsSync(join(cache, `yealink-${yealink}.tar.gz`))).toBe(true);
  });
});
