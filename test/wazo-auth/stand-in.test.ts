import { afterEach, describe, expect, it } from 'vitest';
import {
  INVALID_TOKEN,
  MASTER_TENANT,
  PROVD_SERVICE_ID,
  PROVD_SERVICE_KEY,
  SUB1_TENANT,
  SUB2_TENANT,
  seedProvdFixture,
  startWazoAuthStandIn,
  VALID_TOKEN,
  VALID_TOKEN_MULTITENANT,
  type WazoAuthStandIn,
} from '../support/wazo-auth-stand-in.js';

let standIn: WazoAuthStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const started = async (): Promise<WazoAuthStandIn> => {
  standIn = await startWazoAuthStandIn();
  seedProvdFixture(standIn);
  return standIn;
};

/** The stand-in speaks wazo-auth's API: other suites (REST, provd-spec §8) rely on these answers. */
describe('wazo-auth stand-in', () => {
  it("answers GET /0.1/token/{token} with wazo-auth's token document, 404 and 403", async () => {
    const { url } = await started();
    const ok = await fetch(
      `${url}/0.1/token/${VALID_TOKEN_MULTITENANT}?scope=provd.status.read&tenant=${SUB2_TENANT}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      data: {
        token: VALID_TOKEN_MULTITENANT,
        acl: ['#'],
        metadata: { tenant_uuid: MASTER_TENANT, uuid: 'uuid-multitenant' },
        utc_expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
      },
    });
    const unknown = await fetch(`${url}/0.1/token/${INVALID_TOKEN}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reason: [expect.any(String)], status_code: 404 });
    expect((await fetch(`${url}/0.1/token/${VALID_TOKEN}?tenant=${SUB1_TENANT}`)).status).toBe(403);
  });

  it('answers HEAD with 204, 403 or 404 and counts requests per route', async () => {
    const auth = await started();
    auth.addToken({ token: 'narrow', tenantUuid: SUB1_TENANT, acl: ['provd.status.read'] });
    const head = async (path: string) => (await fetch(`${auth.url}${path}`, { method: 'HEAD' })).status;
    expect(await head('/0.1/token/narrow?scope=provd.status.read')).toBe(204);
    expect(await head('/0.1/token/narrow?scope=provd.configure.read')).toBe(403);
    expect(await head(`/0.1/token/narrow?tenant=${MASTER_TENANT}`)).toBe(403);
    expect(await head('/0.1/token/nobody')).toBe(404);
    expect(auth.count('HEAD /0.1/token/{token}')).toBe(4);
    auth.resetCounts();
    expect(auth.counts()['HEAD /0.1/token/{token}']).toBe(0);
  });

  it('issues service tokens for basic-auth credentials and lists tenants with them', async () => {
    const { url } = await started();
    const basic = (id: string, key: string) => `Basic ${Buffer.from(`${id}:${key}`).toString('base64')}`;
    const refused = await fetch(`${url}/0.1/token`, {
      method: 'POST',
      headers: { authorization: basic(PROVD_SERVICE_ID, 'wrong') },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    const issued = await fetch(`${url}/0.1/token`, {
      method: 'POST',
      headers: {
        authorization: basic(PROVD_SERVICE_ID, PROVD_SERVICE_KEY),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ expiration: 60 }),
    });
    expect(issued.status).toBe(200);
    const { data } = (await issued.json()) as { data: { token: string; acl: string[] } };
    expect(data.acl).toEqual(['auth.tenants.read']);
    const list = (tenant: string, token = data.token) =>
      fetch(`${url}/0.1/tenants`, { headers: { 'x-auth-token': token, 'wazo-tenant': tenant } });
    expect(await (await list(MASTER_TENANT)).json()).toEqual({
      items: [
        { uuid: MASTER_TENANT, name: 'master', parent_uuid: MASTER_TENANT },
        { uuid: SUB1_TENANT, name: 'sub1', parent_uuid: MASTER_TENANT },
        { uuid: SUB2_TENANT, name: 'sub2', parent_uuid: MASTER_TENANT },
      ],
      total: 3,
      filtered: 3,
    });
    expect((await list(SUB1_TENANT, INVALID_TOKEN)).status).toBe(401);
  });

  it('simulates outages and comes back on the same URL', async () => {
    const auth = await started();
    const status = () =>
      fetch(`${auth.url}/0.1/token/${VALID_TOKEN}`, { signal: AbortSignal.timeout(300) }).then(
        (r) => r.status,
        (e: Error) => e.name,
      );
    await auth.setOutage('error');
    expect(await status()).toBe(500);
    await auth.setOutage('hang');
    expect(await status()).toBe('TimeoutError');
    await auth.setOutage('refuse');
    expect(await status()).toBe('TypeError');
    await auth.setOutage('none');
    expect(await status()).toBe(200);
  });
});
