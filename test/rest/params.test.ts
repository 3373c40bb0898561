import { describe, expect, it } from 'vitest';
import { INVALID_TOKEN, MAIN, SUB1, SUB2, VALID_TOKEN } from './support/fixture-auth.js';
import { restServerForSuite } from './support/rest-server.js';

/** provd-spec §8.6 (test_params.py), except the plugin-server lines (see plugin tests). */

const t = restServerForSuite();

const value = async (name: string, tenant?: string): Promise<unknown> =>
  (
    await t()
      .api()
      .json<{ param: { value: unknown } }>(
        `/0.2/configure/${name}`,
        tenant ? { headers: { 'wazo-tenant': tenant } } : {},
      )
  ).param.value;

const set = (name: string, v: unknown, tenant?: string, token?: string) =>
  t()
    .api(token)
    .put(
      `/0.2/configure/${name}`,
      { param: { value: v } },
      tenant ? { headers: { 'wazo-tenant': tenant } } : {},
    );

describe('parameters (provd-spec §8.6)', () => {
  it('GET /configure/locale returns an object with value', async () => {
    const body = await t().api().json<{ param: object }>('/0.2/configure/locale');
    expect(body.param).toHaveProperty('value');
  });

  it('answers 404 for an unknown parameter', async () => {
    expect((await t().api().get('/0.2/configure/nosuchparam')).statusCode).toBe(404);
  });

  it('answers 401 to GET with an invalid token', async () => {
    expect((await t().api(INVALID_TOKEN).get('/0.2/configure/locale')).statusCode).toBe(401);
  });

  it('lists the 7 public parameters in provd order with links', async () => {
    const body = await t()
      .api()
      .json<{ params: { id: string; links: { href: string }[] }[] }>('/0.2/configure');
    expect(body.params.map((p) => p.id)).toEqual([
      'plugin_server',
      'http_proxy',
      'ftp_proxy',
      'https_proxy',
      'locale',
      'NAT',
      'provisioning_key',
    ]);
    expect(body.params[4]?.links).toEqual([{ rel: 'srv.configure.param', href: '/0.2/configure/locale' }]);
  });

  it('answers 401 to GET /configure with an invalid token', async () => {
    expect((await t().api(INVALID_TOKEN).get('/0.2/configure')).statusCode).toBe(401);
  });

  it('sets locale fr_FR, and the listing turns French', async () => {
    expect((await set('locale', 'fr_FR')).statusCode).toBe(204);
    expect(await value('locale')).toBe('fr_FR');
    const body = await t().api().json<{ params: { id: string; description: string }[] }>('/0.2/configure');
    expect(body.params.find((p) => p.id === 'locale')?.description).toMatch(/locale courante/);
    expect((await set('locale', null)).statusCode).toBe(204);
  });

  it('answers 404 to PUT of an unknown parameter', async () => {
    expect((await set('nosuchparam', 'x')).statusCode).toBe(404);
  });

  it('answers 401 to PUT with an invalid token and leaves the value unchanged', async () => {
    await set('locale', 'en_US');
    expect((await set('locale', 'fr_FR', undefined, INVALID_TOKEN)).statusCode).toBe(401);
    expect(await value('locale')).toBe('en_US');
  });

  it('"deletes" locale with PUT null', async () => {
    await set('locale', 'en_US');
    expect((await set('locale', null)).statusCode).toBe(204);
    expect(await value('locale')).toBeNull();
  });

  it('answers 404 to "deleting" an unknown parameter and 401 with an invalid token', async () => {
    expect((await set('nosuchparam', null)).statusCode).toBe(404);
    expect((await set('locale', null, undefined, INVALID_TOKEN)).statusCode).toBe(401);
  });

  it('refuses a body without param or value (400)', async () => {
    const response = await t().api().put('/0.2/configure/locale', { value: 'fr_FR' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe('Wrong information in entity');
  });

  it('reads NAT as an integer', async () => {
    expect(await value('NAT')).toBe(0);
    expect((await set('NAT', '1')).statusCode).toBe(204);
    expect(await value('NAT')).toBe(1);
    expect((await set('NAT', 'yes')).statusCode).toBe(400);
    await set('NAT', null);
  });

  it('sets and reads the provisioning key of the token tenant', async () => {
    expect((await set('provisioning_key', 'this-is-a-key')).statusCode).toBe(204);
    expect(await value('provisioning_key')).toBe('this-is-a-key');
    expect(await value('provisioning_key', MAIN)).toBe('this-is-a-key');
  });

  it('refuses a provisioning key for a tenant the token may not act on (401)', async () => {
    expect((await set('provisioning_key', 'another-key', SUB1, VALID_TOKEN)).statusCode).toBe(401);
  });

  it('clears a provisioning key with null', async () => {
    await set('provisioning_key', 'key-of-sub2', SUB2);
    expect((await set('provisioning_key', null, SUB2)).statusCode).toBe(204);
    expect(await value('provisioning_key', SUB2)).toBeNull();
  });

  it('refuses keys of 7 and 257 characters, and invalid characters (400)', async () => {
    for (const key of ['1234567', 'a'.repeat(257), 'asdf1234%$']) {
      const response = await set('provisioning_key', key, SUB1);
      expect(response.statusCode, key).toBe(400);
    }
  });

  it('reads null for a tenant that never set a key', async () => {
    t().auth.addTenant('eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee9', MAIN);
    expect(await value('provisioning_key', 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee9')).toBeNull();
  });

  it('lets a tenant re-set its own key but not take another tenant’s (400)', async () => {
    expect((await set('provisioning_key', 'sub1-key-123', SUB1)).statusCode).toBe(204);
    expect((await set('provisioning_key', 'sub1-key-123', SUB1)).statusCode).toBe(204);
    const taken = await set('provisioning_key', 'sub1-key-123', SUB2);
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toBe('another tenant already uses this provisioning key.');
  });

  it('lets several tenants have a null key', async () => {
    expect((await set('provisioning_key', null, SUB1)).statusCode).toBe(204);
    expect((await set('provisioning_key', null, SUB2)).statusCode).toBe(204);
    expect(await value('provisioning_key', SUB1)).toBeNull();
    expect(await value('provisioning_key', SUB2)).toBeNull();
  });
});
