import { describe, expect, it } from 'vitest';
import {
  INVALID_TOKEN,
  MASTER_TENANT,
  OTHER_TENANT,
  PROVD_SERVICE_ID,
  PROVD_SERVICE_KEY,
  SUB1_TENANT,
  SUB2_TENANT,
  VALID_TOKEN,
  VALID_TOKEN_MULTITENANT,
} from '../support/wazo-auth-stand-in.js';
import { setup } from './support.js';

const SUB1_CHILD = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeee21';

describe('identify (GET /0.1/token/{token})', () => {
  it("gives a valid token's tenant and user, and an id that is not the token", async () => {
    const { backend } = await setup();
    const identity = await backend.identify(VALID_TOKEN_MULTITENANT);
    expect(identity).toMatchObject({ tenantUuid: MASTER_TENANT, userUuid: 'uuid-multitenant' });
    expect(identity?.tokenId).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity?.tokenId).not.toContain(VALID_TOKEN_MULTITENANT);
    expect(await backend.identify(VALID_TOKEN)).toMatchObject({ tenantUuid: OTHER_TENANT });
  });

  it('gives nothing for an unknown, a revoked or an expired token', async () => {
    const { backend, standIn } = await setup({ config: { cacheTtlMs: 0 } });
    expect(await backend.identify(INVALID_TOKEN)).toBeUndefined();
    standIn.addToken({ token: 'short-lived', tenantUuid: SUB1_TENANT, expiresAt: Date.now() + 150 });
    expect(await backend.identify('short-lived')).toMatchObject({ tenantUuid: SUB1_TENANT });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await backend.identify('short-lived')).toBeUndefined();
    standIn.removeToken(VALID_TOKEN);
    expect(await backend.identify(VALID_TOKEN)).toBeUndefined();
  });

  it('refuses, without asking, what cannot be a wazo-auth token', async () => {
    const { backend, standIn } = await setup();
    for (const token of ['', '..', '.', 'a/b', '../tenants', 'a b', 'x'.repeat(513), 'tok\r\nen']) {
      expect(await backend.identify(token)).toBeUndefined();
      expect(await backend.authorize(token, MASTER_TENANT)).toBe(false);
    }
    expect(standIn.count('GET /0.1/token/{token}')).toBe(0);
    expect(standIn.count('HEAD /0.1/token/{token}')).toBe(0);
  });
});

describe('authorize (HEAD /0.1/token/{token}?scope=&tenant=)', () => {
  it("lets a token act on its own tenant and the tenants below, not on a sibling's or its parent's", async () => {
    const { backend, standIn } = await setup();
    standIn.addTenant({ uuid: SUB1_CHILD, parentUuid: SUB1_TENANT });
    standIn.addToken({ token: 'sub1-token', tenantUuid: SUB1_TENANT });
    expect(await backend.authorize('sub1-token', SUB1_TENANT)).toBe(true);
    expect(await backend.authorize('sub1-token', SUB1_CHILD)).toBe(true);
    expect(await backend.authorize('sub1-token', SUB2_TENANT)).toBe(false);
    expect(await backend.authorize('sub1-token', MASTER_TENANT)).toBe(false);
    expect(await backend.authorize(VALID_TOKEN_MULTITENANT, SUB2_TENANT)).toBe(true);
    expect(await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_CHILD)).toBe(true);
    // provd-spec §8: valid-token cannot act on the sub-tenants.
    expect(await backend.authorize(VALID_TOKEN, SUB1_TENANT)).toBe(false);
    expect(await backend.authorize(VALID_TOKEN, OTHER_TENANT)).toBe(true);
    expect(await backend.authorize(INVALID_TOKEN, MASTER_TENANT)).toBe(false);
  });

  it('asks wazo-auth for the ACL: granted, missing, or denied by a `!` ACL', async () => {
    const { backend, standIn } = await setup();
    standIn.addToken({
      token: 'reader',
      tenantUuid: MASTER_TENANT,
      acl: ['provd.dev_mgr.#', 'provd.status.read', '!provd.dev_mgr.devices.*.delete'],
    });
    expect(await backend.authorize('reader', MASTER_TENANT, 'provd.dev_mgr.devices.read')).toBe(true);
    expect(await backend.authorize('reader', MASTER_TENANT, 'provd.status.read')).toBe(true);
    expect(await backend.authorize('reader', MASTER_TENANT, 'provd.configure.read')).toBe(false);
    expect(await backend.authorize('reader', MASTER_TENANT, 'provd.dev_mgr.devices.abc.delete')).toBe(false);
    expect(await backend.authorize('reader', SUB1_TENANT, 'provd.status.read')).toBe(true);
    expect(await backend.authorize('reader', OTHER_TENANT, 'provd.status.read')).toBe(false);
    const heads = standIn.requests().filter((r) => r.route === 'HEAD /0.1/token/{token}');
    expect(heads[0]?.query).toEqual({ tenant: MASTER_TENANT, scope: 'provd.dev_mgr.devices.read' });
  });

  it('sends no scope when no ACL is asked for', async () => {
    const { backend, standIn } = await setup();
    expect(await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT)).toBe(true);
    const [head] = standIn.requests().filter((r) => r.route === 'HEAD /0.1/token/{token}');
    expect(head?.query).toEqual({ tenant: SUB1_TENANT });
  });
});

describe('subtree (GET /0.1/tenants with the service token)', () => {
  it('lists the tenant first, then every tenant below it', async () => {
    const { backend, standIn } = await setup();
    standIn.addTenant({ uuid: SUB1_CHILD, parentUuid: SUB1_TENANT });
    expect(await backend.subtree(MASTER_TENANT)).toEqual([
      MASTER_TENANT,
      SUB1_TENANT,
      SUB2_TENANT,
      SUB1_CHILD,
    ]);
    expect(await backend.subtree(SUB1_TENANT)).toEqual([SUB1_TENANT, SUB1_CHILD]);
    expect(await backend.subtree(SUB2_TENANT)).toEqual([SUB2_TENANT]);
    const [listing] = standIn.requests().filter((r) => r.route === 'GET /0.1/tenants');
    expect(listing?.headers['wazo-tenant']).toBe(MASTER_TENANT);
    expect(standIn.issuedTokens()).toContain(listing?.headers['x-auth-token']);
  });

  it('is the tenant alone when wazo-auth answers 401 (provd-spec §1.4)', async () => {
    const { backend, standIn } = await setup();
    // Out of the service token's reach: wazo-auth answers 401 and the service token is still good.
    expect(await backend.subtree(OTHER_TENANT)).toEqual([OTHER_TENANT]);
    expect(standIn.count('GET /0.1/tenants')).toBe(1);
    expect(standIn.count('POST /0.1/token')).toBe(1);
  });

  it('is the tenant alone when the service identity may not list tenants', async () => {
    const { backend, standIn, runtime } = await setup({ start: false });
    standIn.addService({ id: PROVD_SERVICE_ID, key: PROVD_SERVICE_KEY, tenantUuid: MASTER_TENANT, acl: [] });
    await runtime.start();
    expect(await backend.subtree(MASTER_TENANT)).toEqual([MASTER_TENANT]);
    // The 401 was checked against the service token, which wazo-auth still knows: no renewal.
    expect(standIn.count('HEAD /0.1/token/{token}')).toBe(1);
    expect(standIn.count('POST /0.1/token')).toBe(1);
  });
});

describe('masterTenant', () => {
  it("is the service token's tenant", async () => {
    const { backend, standIn } = await setup();
    expect(await backend.masterTenant()).toBe(MASTER_TENANT);
    const [post] = standIn.requests().filter((r) => r.route === 'POST /0.1/token');
    expect(post?.headers.authorization).toBe(
      `Basic ${Buffer.from('wazo-provd:provd-service-key-for-tests').toString('base64')}`,
    );
    expect(JSON.parse(post?.body ?? '')).toEqual({ expiration: 3600 });
  });
});
