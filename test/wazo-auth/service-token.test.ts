import { describe, expect, it } from 'vitest';
import { AuthUnavailableError } from '../../src/application/auth/auth-backend.js';
import { waitFor } from '../support/wait-for.js';
import {
  MASTER_TENANT,
  PROVD_SERVICE_ID,
  PROVD_SERVICE_KEY,
  SUB1_TENANT,
  SUB2_TENANT,
  VALID_TOKEN_MULTITENANT,
} from '../support/wazo-auth-stand-in.js';
import { setup, sleep } from './support.js';

const lastTenantsToken = (requests: ReturnType<Awaited<ReturnType<typeof setup>>['standIn']['requests']>) =>
  requests.filter((r) => r.route === 'GET /0.1/tenants').at(-1)?.headers['x-auth-token'];

describe("provd's service token", () => {
  it('is obtained at start with basic auth, once', async () => {
    const { standIn, backend } = await setup();
    expect(standIn.count('POST /0.1/token')).toBe(1);
    expect(standIn.issuedTokens()).toHaveLength(1);
    expect(await backend.masterTenant()).toBe(MASTER_TENANT);
  });

  it('is renewed before it expires, so sub-tree lookups never meet an expired token', async () => {
    const { standIn, backend } = await setup({
      config: { cacheTtlMs: 0 },
      tuning: { serviceTokenExpirationS: 1 },
    });
    const obtained = Date.now();
    const [first] = standIn.issuedTokens();
    expect(await backend.subtree(MASTER_TENANT)).toHaveLength(3);
    await waitFor(() => standIn.issuedTokens().length >= 2, 'a renewed token', { timeoutMs: 2000 });
    expect(Date.now() - obtained).toBeLessThan(1000);
    await sleep(obtained + 1100 - Date.now()); // the first token is now expired in wazo-auth
    expect(await backend.subtree(MASTER_TENANT)).toEqual([MASTER_TENANT, SUB1_TENANT, SUB2_TENANT]);
    const used = lastTenantsToken(standIn.requests());
    expect(used).not.toBe(first);
    expect(standIn.issuedTokens()).toContain(used);
    // Renewed ahead of time: no 401 ever had to be told apart.
    expect(standIn.count('HEAD /0.1/token/{token}')).toBe(0);
  });

  it('is renewed at once when wazo-auth no longer knows it, and the lookup succeeds', async () => {
    const { standIn, backend } = await setup({ config: { cacheTtlMs: 0 } });
    const [first] = standIn.issuedTokens();
    standIn.removeToken(first!);
    const lookups = await Promise.all(Array.from({ length: 10 }, () => backend.subtree(MASTER_TENANT)));
    for (const subtree of lookups) expect(subtree).toEqual([MASTER_TENANT, SUB1_TENANT, SUB2_TENANT]);
    // One renewal shared by every lookup that met the 401.
    expect(standIn.count('POST /0.1/token')).toBe(2);
    expect(lastTenantsToken(standIn.requests())).toBe(standIn.issuedTokens()[1]);
  });

  it('does not hold up start or anything else when the credentials are refused, and is got later', async () => {
    const { standIn, backend, runtime, logger } = await setup({ start: false });
    standIn.addService({ id: PROVD_SERVICE_ID, key: 'another key', tenantUuid: MASTER_TENANT });
    const tenants: string[] = [];
    backend.onMasterTenant((tenant) => tenants.push(tenant));
    await runtime.start();

    const started = Date.now();
    await expect(backend.subtree(MASTER_TENANT)).rejects.toThrow(AuthUnavailableError);
    await expect(backend.subtree(MASTER_TENANT)).rejects.toThrow(
      /^provd has no service token from wazo-auth yet: .*refused provd's service credentials/,
    );
    await expect(backend.masterTenant()).rejects.toThrow(/no service token from wazo-auth yet/);
    expect(Date.now() - started).toBeLessThan(200);
    // Checking other tokens needs no service token.
    expect(await backend.identify(VALID_TOKEN_MULTITENANT)).toMatchObject({ tenantUuid: MASTER_TENANT });
    expect(logger.lines.some((l) => l.level === 'warn' && /service token/.test(l.message))).toBe(true);

    standIn.addService({ id: PROVD_SERVICE_ID, key: PROVD_SERVICE_KEY, tenantUuid: MASTER_TENANT });
    await waitFor(() => tenants.length > 0, 'the master tenant', { timeoutMs: 2000 });
    expect(tenants).toEqual([MASTER_TENANT]);
    expect(await backend.masterTenant()).toBe(MASTER_TENANT);
    expect(await backend.subtree(MASTER_TENANT)).toHaveLength(3);
  });

  it('tells when the master tenant changes', async () => {
    const { standIn, backend } = await setup({ tuning: { serviceTokenExpirationS: 1 } });
    const tenants: string[] = [];
    backend.onMasterTenant((tenant) => tenants.push(tenant));
    standIn.addService({ id: PROVD_SERVICE_ID, key: PROVD_SERVICE_KEY, tenantUuid: SUB1_TENANT });
    await waitFor(() => tenants.length > 0, 'a new master tenant', { timeoutMs: 2000 });
    expect(tenants).toEqual([SUB1_TENANT]);
    expect(await backend.masterTenant()).toBe(SUB1_TENANT);
  });

  it('is reported expired when it could not be renewed in time', async () => {
    const { standIn, backend } = await setup({ tuning: { serviceTokenExpirationS: 1 } });
    await standIn.setOutage('refuse');
    await sleep(1100);
    await expect(backend.masterTenant()).rejects.toThrow(
      /^provd's service token expired and could not be renewed: wazo-auth at http:\/\/127\.0\.0\.1:\d+/,
    );
    await standIn.setOutage('none');
    await expect
      .poll(() => backend.masterTenant().catch(() => undefined), { timeout: 2000 })
      .toBe(MASTER_TENANT);
    expect(standIn.issuedTokens()).toHaveLength(2);
  });

  it('is revoked on close', async () => {
    const { standIn, runtime } = await setup();
    const [token] = standIn.issuedTokens();
    await runtime.close();
    expect(standIn.count('DELETE /0.1/token/{token}')).toBe(1);
    expect((await fetch(`${standIn.url}/0.1/token/${token}`, { method: 'HEAD' })).status).toBe(404);
    await expect(runtime.backend.subtree(MASTER_TENANT)).rejects.toThrow(/^the wazo-auth backend is closed$/);
    expect(standIn.issuedTokens()).toEqual([token]);
  });
});
