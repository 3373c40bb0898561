import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { FixtureAuth, MULTITENANT_TOKEN, SUB1 } from './support/fixture-auth.js';

const SUB_TOKEN = 'sub-tenant-admin';
const NO_ADMIN_TOKEN = 'no-admin-acl';

let dir: TempDir;
let server: RunningServer;

beforeAll(async () => {
  dir = await makeTempDir('provd-admin-');
  const auth = new FixtureAuth();
  auth.addToken(SUB_TOKEN, SUB1, ['provd.#']);
  auth.addToken(NO_ADMIN_TOKEN, auth.tokens.get(MULTITENANT_TOKEN)!.tenant, [
    'provd.dev_mgr.#',
    'provd.operation.#',
  ]);
  server = await startServer(serverTestConfig(dir.path), pino({ level: 'silent' }), { auth });
});
afterAll(async () => {
  await server.stop();
  await dir.remove();
});

const post = (path: string, body: unknown, token = MULTITENANT_TOKEN, headers: Record<string, string> = {}) =>
  server.rest.inject({
    method: 'POST',
    url: path,
    headers: { 'x-auth-token': token, 'content-type': PROV_MIME, ...headers },
    payload: JSON.stringify(body),
  });
const get = (path: string) =>
  server.rest.inject({ method: 'GET', url: path, headers: { 'x-auth-token': MULTITENANT_TOKEN } });

/** Polls a monitor until its operation is over; every status seen, in order. */
const follow = async (
  created: LightMyRequestResponse,
): Promise<{ statuses: string[]; last: Record<string, unknown> }> => {
  expect(created.statusCode).toBe(201);
  const location = created.headers.location as string;
  const statuses: string[] = [];
  for (let i = 0; i < 500; i++) {
    const last = (await get(location)).json() as { status: string };
    if (statuses.at(-1) !== last.status) statuses.push(last.status);
    if (/\|(success|fail)/.test(last.status)) return { statuses, last };
    await sleep(10);
  }
  throw new Error(`${location} did not finish: ${statuses.join(' → ')}`);
};

describe('POST /0.2/admin/rebuild', () => {
  it('rebuilds every projection behind a monitor, the server answering meanwhile', async () => {
    const created = await post('/0.2/admin/rebuild', {});
    expect(created.headers.location).toMatch(/^\/0\.2\/admin\/rebuild\/\d+$/);
    // Writes go on during the rebuild and are in the read model it swaps in.
    const device = await post('/0.2/dev_mgr/devices', { device: { mac: '00:11:22:33:44:55' } });
    expect(device.statusCode).toBe(201);
    const { statuses, last } = await follow(created);
    expect(last).toEqual({ status: expect.stringMatching(/^rebuild\|success;\d+\/\d+$/) });
    for (const status of statuses.slice(0, -1)) expect(status).toMatch(/^rebuild\|progress(;\d+\/\d+)?$/);
    const id = (device.json() as { id: string }).id;
    expect((await get(`/0.2/dev_mgr/devices/${id}`)).statusCode).toBe(200);
  });

  it('rebuilds one projection; the Location is under /0.2 whichever prefix was used', async () => {
    const created = await post('/api/provd/0.2/admin/rebuild', { projection: 'devices' });
    expect(created.headers.location).toMatch(/^\/0\.2\/admin\/rebuild\/\d+$/);
    expect((await follow(created)).last.status).toMatch(/^rebuild\|success/);
  });

  it('refuses an unknown projection, listing the known ones', async () => {
    const answer = await post('/0.2/admin/rebuild', { projection: 'nope' });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toBe(
      'unknown projection "nope"; the projections are: devices, configs, device_history, settings, plugins, render_queue, stream-revisions, auth-tokens, auth-tenants',
    );
    expect((await post('/0.2/admin/rebuild', { projection: 3 })).statusCode).toBe(400);
  });

  it('runs one rebuild at a time', async () => {
    const [first, second] = await Promise.all([
      post('/0.2/admin/rebuild', {}),
      post('/0.2/admin/rebuild', {}),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([201, 409]);
    await follow(first.statusCode === 201 ? first : second);
  });

  it('is for the master tenant and the admin ACL only', async () => {
    expect((await post('/0.2/admin/rebuild', {}, SUB_TOKEN)).statusCode).toBe(401);
    expect(
      (await post('/0.2/admin/rebuild', {}, MULTITENANT_TOKEN, { 'wazo-tenant': SUB1 })).statusCode,
    ).toBe(401);
    expect((await post('/0.2/admin/rebuild', {}, NO_ADMIN_TOKEN)).statusCode).toBe(401);
    expect((await post('/0.2/admin/verify', {}, SUB_TOKEN)).statusCode).toBe(401);
    expect((await post('/0.2/admin/verify', {}, NO_ADMIN_TOKEN)).statusCode).toBe(401);
  });
});

describe('POST /0.2/admin/verify', () => {
  it('reports identical read models, then the difference made behind the server', async () => {
    const clean = await follow(await post('/0.2/admin/verify', {}));
    expect(clean.last).toMatchObject({
      status: expect.stringMatching(/^verify\|success/),
      report: { identical: true, divergences: [], projections: 9 },
    });

    const id = (
      (await post('/0.2/dev_mgr/devices', { device: { mac: '00:11:22:33:44:66' } })).json() as { id: string }
    ).id;
    const other = new Database(join(dir.path, 'readmodel.db'));
    other
      .prepare("UPDATE devices SET doc = json_set(doc, '$.mac', 'ff:ff:ff:ff:ff:ff') WHERE id = ?")
      .run(id);
    other.close();

    const created = await post('/0.2/admin/verify', {});
    const { last } = await follow(created);
    const report = last.report as { identical: boolean; divergences: { table: string; message: string }[] };
    expect(report.identical).toBe(false);
    expect(report.divergences).toEqual([
      expect.objectContaining({
        projection: 'devices',
        table: 'devices',
        message: 'row differs in doc',
      }),
    ]);

    // A rebuild puts it right.
    await follow(await post('/0.2/admin/rebuild', { projection: 'devices' }));
    expect((await follow(await post('/0.2/admin/verify', {}))).last.report).toMatchObject({
      identical: true,
    });
  });
});
