import { describe, expect, it } from 'vitest';
import { INVALID_TOKEN } from './support/fixture-auth.js';
import { restServerForSuite } from './support/rest-server.js';

/** provd-spec §8.4 (test_configs.py), one `it` per line of the checklist. */

const t = restServerForSuite();

let counter = 0;
const config = (overrides: Record<string, unknown> = {}) => ({
  parent_ids: ['base'],
  raw_config: { sip_lines: { '1': { username: `user${++counter}`, password: 'secret' } } },
  ...overrides,
});

const create = async (body: Record<string, unknown>): Promise<string> => {
  const response = await t().api().post('/0.2/cfg_mgr/configs', { config: body });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
};

describe('configs (provd-spec §8.4)', () => {
  it('lists configs under a `configs` key', async () => {
    const body = await t().api().json('/0.2/cfg_mgr/configs');
    expect(Array.isArray(body.configs)).toBe(true);
    expect((body.configs as { id: string }[]).map((c) => c.id)).toEqual(
      expect.arrayContaining(['base', 'default', 'defaultconfigdevice', 'autoprov']),
    );
  });

  it('refuses listing with an invalid token (401)', async () => {
    expect((await t().api(INVALID_TOKEN).get('/0.2/cfg_mgr/configs')).statusCode).toBe(401);
  });

  it('creates then gets a config containing its id, with the provd media type and a Location', async () => {
    const response = await t().api().post('/0.2/cfg_mgr/configs', { config: config() });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/vnd.proformatique.provd+json');
    const { id } = response.json() as { id: string };
    expect(response.headers.location).toBe(`/0.2/cfg_mgr/configs/${id}`);
    const got = await t().api().json<{ config: { id: string } }>(`/0.2/cfg_mgr/configs/${id}`);
    expect(got.config.id).toBe(id);
  });

  it('answers 404 for an unknown config', async () => {
    expect((await t().api().get('/0.2/cfg_mgr/configs/nosuchconfig')).statusCode).toBe(404);
  });

  it('answers 401 to an invalid token for existing and unknown ids alike', async () => {
    const id = await create(config());
    for (const path of [id, 'nosuchconfig']) {
      expect((await t().api(INVALID_TOKEN).get(`/0.2/cfg_mgr/configs/${path}`)).statusCode).toBe(401);
    }
  });

  it('returns a flattened raw config containing `ip`', async () => {
    const id = await create(config());
    const raw = await t()
      .api()
      .json<{ raw_config: Record<string, unknown> }>(`/0.2/cfg_mgr/configs/${id}/raw`);
    expect(raw.raw_config).toHaveProperty('ip');
    expect(raw.raw_config.sip_lines).toMatchObject({ '1': { password: 'secret' } });
  });

  it('answers 404 for the raw config of an unknown config', async () => {
    expect((await t().api().get('/0.2/cfg_mgr/configs/nosuchconfig/raw')).statusCode).toBe(404);
  });

  it('answers 401 to an invalid token on raw, for existing and unknown ids', async () => {
    const id = await create(config());
    for (const path of [id, 'nosuchconfig']) {
      expect((await t().api(INVALID_TOKEN).get(`/0.2/cfg_mgr/configs/${path}/raw`)).statusCode).toBe(401);
    }
  });

  it('creates with the explicit id test1', async () => {
    const response = await t()
      .api()
      .post('/0.2/cfg_mgr/configs', { config: config({ id: 'test1' }) });
    expect(response.json()).toEqual({ id: 'test1' });
    expect((await t().api().delete('/0.2/cfg_mgr/configs/test1')).statusCode).toBe(204);
  });

  it('refuses a config without parent_ids (400)', async () => {
    const response = await t()
      .api()
      .post('/0.2/cfg_mgr/configs', { config: { raw_config: {} } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('parent_ids');
  });

  it('refuses creation with an invalid token (401)', async () => {
    expect((await t().api(INVALID_TOKEN).post('/0.2/cfg_mgr/configs', { config: config() })).statusCode).toBe(
      401,
    );
  });

  it('accepts a config with 1024 SIP lines', async () => {
    const lines: Record<string, unknown> = {};
    for (let i = 1; i <= 1024; i++) {
      lines[String(i)] = {
        username: `u${i}`,
        password: `p${i}`,
        display_name: `User ${i}`,
        number: String(1000 + i),
      };
    }
    const id = await create({ parent_ids: ['base'], raw_config: { sip_lines: lines } });
    const got = await t()
      .api()
      .json<{ config: { raw_config: { sip_lines: object } } }>(`/0.2/cfg_mgr/configs/${id}`);
    expect(Object.keys(got.config.raw_config.sip_lines)).toHaveLength(1024);
  });

  it('shows an updated raw_config on the next GET', async () => {
    const id = await create(config());
    const response = await t()
      .api()
      .put(`/0.2/cfg_mgr/configs/${id}`, { config: config({ raw_config: { ntp_ip: '10.1.1.1' } }) });
    expect(response.statusCode).toBe(204);
    const got = await t().api().json<{ config: { raw_config: unknown } }>(`/0.2/cfg_mgr/configs/${id}`);
    expect(got.config.raw_config).toEqual({ ntp_ip: '10.1.1.1' });
  });

  it('answers 404 to an update of config None', async () => {
    expect((await t().api().put('/0.2/cfg_mgr/configs/None', { config: config() })).statusCode).toBe(404);
  });

  it('refuses an update with an invalid token (401)', async () => {
    const id = await create(config());
    expect(
      (await t().api(INVALID_TOKEN).put(`/0.2/cfg_mgr/configs/${id}`, { config: config() })).statusCode,
    ).toBe(401);
  });

  it('deletes an existing config (204), then 404', async () => {
    const id = await create(config());
    expect((await t().api().delete(`/0.2/cfg_mgr/configs/${id}`)).statusCode).toBe(204);
    expect((await t().api().get(`/0.2/cfg_mgr/configs/${id}`)).statusCode).toBe(404);
  });

  it('answers 404 to deleting an unknown config', async () => {
    expect((await t().api().delete('/0.2/cfg_mgr/configs/nosuchconfig')).statusCode).toBe(404);
  });

  it('refuses deleting a non-deletable config (403) until it is made deletable', async () => {
    const id = await create(config({ deletable: false }));
    const refused = await t().api().delete(`/0.2/cfg_mgr/configs/${id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toBe(`The document ${id} is not deletable`);
    expect(
      (
        await t()
          .api()
          .put(`/0.2/cfg_mgr/configs/${id}`, { config: config({ deletable: true }) })
      ).statusCode,
    ).toBe(204);
    expect((await t().api().delete(`/0.2/cfg_mgr/configs/${id}`)).statusCode).toBe(204);
  });

  it('refuses deleting with an invalid token (401), before and after deletion', async () => {
    const id = await create(config());
    expect((await t().api(INVALID_TOKEN).delete(`/0.2/cfg_mgr/configs/${id}`)).statusCode).toBe(401);
    await t().api().delete(`/0.2/cfg_mgr/configs/${id}`);
    expect((await t().api(INVALID_TOKEN).delete(`/0.2/cfg_mgr/configs/${id}`)).statusCode).toBe(401);
  });

  it('autocreates a transient autoprov config', async () => {
    const response = await t().api().post('/0.2/cfg_mgr/autocreate', {});
    expect(response.statusCode).toBe(201);
    const { id } = response.json() as { id: string };
    expect(id).toMatch(/^autoprov/);
    expect(response.headers.location).toBe(`/0.2/cfg_mgr/autocreate/${id}`);
    const got = await t().api().json<{ config: Record<string, unknown> }>(`/0.2/cfg_mgr/configs/${id}`);
    expect(got.config).toMatchObject({ parent_ids: ['autoprov'], transient: true });
  });

  it('refuses autocreate with an invalid token (401)', async () => {
    expect((await t().api(INVALID_TOKEN).post('/0.2/cfg_mgr/autocreate', {})).statusCode).toBe(401);
  });
});
