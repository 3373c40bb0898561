import { describe, expect, it } from 'vitest';
import { INVALID_TOKEN } from './support/fixture-auth.js';
import { restServerForSuite } from './support/rest-server.js';

/** provd-spec §1.2, §1.5, §1.6, §8.1, §8.3: media types, errors, CORS, routing, find, status. */

const PROV = 'application/vnd.proformatique.provd+json';

const t = restServerForSuite();

describe('media types and bodies', () => {
  it('refuses a body in another media type with 415, even with a charset parameter', async () => {
    for (const contentType of ['application/json', `${PROV}; charset=utf-8`, 'text/plain']) {
      const response = await t()
        .api()
        .post('/0.2/cfg_mgr/configs', undefined, {
          raw: JSON.stringify({ config: { parent_ids: [], raw_config: {} } }),
          contentType,
        });
      expect(response.statusCode, contentType).toBe(415);
      expect(response.body).toBe(`Entity must be in media type "${PROV}".`);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
    }
  });

  it('refuses malformed JSON with 400 and the parser message, writing nothing', async () => {
    const before = await t().server.store.headPosition();
    const response = await t().api().post('/0.2/dev_mgr/devices', undefined, { raw: '{"device": {"id": ' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/^Invalid JSON document: /);
    expect(await t().server.store.headPosition()).toBe(before);
  });

  it('refuses a body without its envelope key with 400 (provd: 500)', async () => {
    const devices = await t().api().post('/0.2/dev_mgr/devices', { id: 'x' });
    expect(devices.statusCode).toBe(400);
    expect(devices.body).toBe('Missing "device" key');
    const configs = await t().api().post('/0.2/cfg_mgr/configs', []);
    expect(configs.statusCode).toBe(400);
    expect(configs.body).toBe('Missing "config" key');
  });

  it('refuses an Accept that excludes the provd type with 406, and accepts */* and application/*', async () => {
    const refused = await t()
      .api()
      .get('/0.2/dev_mgr/devices', { headers: { accept: 'text/html' } });
    expect(refused.statusCode).toBe(406);
    expect(refused.body).toBe(`You must accept the "${PROV}" MIME type.`);
    for (const accept of ['*/*', 'application/*;q=0.5', `text/html, ${PROV}`]) {
      expect((await t().api().get('/0.2/dev_mgr/devices', { headers: { accept } })).statusCode, accept).toBe(
        200,
      );
    }
  });

  it('answers with compact JSON in the provd media type', async () => {
    const response = await t().api().get('/0.2/cfg_mgr');
    expect(response.headers['content-type']).toBe(PROV);
    expect(response.body).toBe(
      '{"links":[{"rel":"cfg.configs","href":"/0.2/cfg_mgr/configs"},{"rel":"cfg.autocreate","href":"/0.2/cfg_mgr/autocreate"}]}',
    );
  });

  it('refuses a body larger than the limit with 413, and stays up', async () => {
    const huge = `{"config":{"parent_ids":[],"raw_config":{"x":"${'a'.repeat(17 * 1024 * 1024)}"}}}`;
    const response = await t().api().post('/0.2/cfg_mgr/configs', undefined, { raw: huge });
    expect(response.statusCode).toBe(413);
    expect((await t().api().get('/0.2/cfg_mgr')).statusCode).toBe(200);
  });

  it('sends 204 without a body or a content type', async () => {
    const response = await t()
      .api()
      .put('/0.2/configure/locale', { param: { value: null } });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['content-type']).toBeUndefined();
  });
});

describe('routing, CORS and authentication', () => {
  it('adds provd CORS headers to every answer, errors included', async () => {
    for (const response of [
      await t().api().get('/0.2/cfg_mgr'),
      await t().api(INVALID_TOKEN).get('/0.2/cfg_mgr'),
    ]) {
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-allow-methods']).toBe('GET, POST, PUT, DELETE, OPTIONS');
      expect(response.headers['access-control-expose-headers']).toContain('Location');
    }
  });

  it('answers any OPTIONS with 200, empty, without a token', async () => {
    for (const url of ['/0.2/dev_mgr/devices', '/0.2/nothing/here', '/elsewhere']) {
      const response = await t().server.rest.inject({ method: 'OPTIONS', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe('');
      expect(response.headers['access-control-allow-headers']).toContain('X-Auth-Token');
    }
  });

  it('answers an unknown path with a plain-text 404 before any authentication', async () => {
    const response = await t().api(INVALID_TOKEN).get('/0.2/no/such/path');
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('No such resource');
  });

  it('answers a known path with another method with 405 and Allow', async () => {
    const response = await t().api().delete('/0.2/cfg_mgr/configs');
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toContain('GET');
    expect(response.headers.allow).toContain('POST');
  });

  it('serves the API under /api/provd/0.2 too, with Locations as provd built them', async () => {
    const response = await t()
      .api()
      .post('/api/provd/0.2/cfg_mgr/configs', { config: { parent_ids: ['base'], raw_config: {} } });
    expect(response.statusCode).toBe(201);
    const { id } = response.json() as { id: string };
    expect(response.headers.location).toBe(`/0.2/cfg_mgr/configs/${id}`);
    expect((await t().api().get(`/api/provd/0.2/cfg_mgr/configs/${id}`)).statusCode).toBe(200);
  });

  it('refuses /status without a token, with an empty one and with an unknown one (401)', async () => {
    expect((await t().api('').get('/0.2/status')).statusCode).toBe(401);
    expect(
      (
        await t()
          .api('')
          .get('/0.2/status', { headers: { 'x-auth-token': '' } })
      ).statusCode,
    ).toBe(401);
    expect((await t().api(INVALID_TOKEN).get('/0.2/status')).statusCode).toBe(401);
  });

  it('reports rest_api ok and the bus consumer (our projections) ok on /status', async () => {
    const body = await t().api().json('/0.2/status');
    expect(body).toMatchObject({ rest_api: 'ok', bus_consumer: { status: 'ok' }, store: { status: 'ok' } });
  });

  it('refuses a token without the route ACL (401, never 403)', async () => {
    t().auth.addToken('read-only', 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee1', [
      'provd.cfg_mgr.#.read',
      'provd.cfg_mgr.read',
    ]);
    expect((await t().api('read-only').get('/0.2/cfg_mgr/configs')).statusCode).toBe(200);
    expect(
      (
        await t()
          .api('read-only')
          .post('/0.2/cfg_mgr/configs', { config: { parent_ids: [], raw_config: {} } })
      ).statusCode,
    ).toBe(401);
    expect((await t().api('read-only').get('/0.2/dev_mgr/devices')).statusCode).toBe(401);
  });

  it('answers the root with provd links', async () => {
    const body = await t().api().json<{ links: { rel: string }[] }>('/0.2/');
    expect(body.links.map((l) => l.rel)).toEqual(['dev', 'cfg', 'pg', 'status', 'srv.configure']);
  });
});

describe('find parameters', () => {
  const find = (query: string) => t().api().get(`/0.2/cfg_mgr/configs?${query}`);

  it('answers an unknown operator or a non-object selector with 400 (provd: 500)', async () => {
    for (const q of [
      '{"id":{"$gte":"a"}}',
      '{"id":{"$in":"notalist"}}',
      '["id"]',
      '{"id":{"$in":[],"x":1}}',
    ]) {
      const response = await find(`q=${encodeURIComponent(q)}`);
      expect(response.statusCode, q).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
    }
  });

  it('treats an unparseable selector as everything and ignores malformed skip/limit', async () => {
    const all = (await find('')).json() as { configs: unknown[] };
    const junk = (await find('q=%7Bnot-json&skip=abc&limit=x')).json() as { configs: unknown[] };
    expect(junk.configs).toHaveLength(all.configs.length);
  });

  it('supports q64, fields, skip, limit, sort and sort_ord', async () => {
    const q64 = Buffer.from(JSON.stringify({ id: { $in: ['base', 'default', 'autoprov'] } })).toString(
      'base64',
    );
    const response = await find(
      `q64=${encodeURIComponent(q64)}&fields=role&sort=id&sort_ord=DESC&skip=1&limit=1`,
    );
    // DESC: default, base, autoprov; skip one, keep one; base has no role.
    expect(response.json()).toEqual({ configs: [{ id: 'base' }] });
  });
});
