import { describe, expect, it } from 'vitest';
import { MAIN, SUB1, SUB2 } from './support/fixture-auth.js';
import { restServerForSuite } from './support/rest-server.js';

/** Our event-sourcing extensions: ETag/If-Match, history, state at an instant, served files. */

const t = restServerForSuite();

let counter = 0;
const newDevice = async (tenant?: string, fields: Record<string, unknown> = {}): Promise<string> => {
  const id = `ext${++counter}`;
  const response = await t()
    .api()
    .post(
      '/0.2/dev_mgr/devices',
      {
        device: {
          id,
          mac: `00:11:22:33:55:${String(counter).padStart(2, '0')}`,
          ip: '10.0.0.2',
          plugin: 'test',
          config: 'defaultconfigdevice',
          ...fields,
        },
      },
      tenant ? { headers: { 'wazo-tenant': tenant } } : {},
    );
  expect(response.statusCode, response.body).toBe(201);
  return id;
};

const getWithEtag = async (id: string) => {
  const response = await t().api().get(`/0.2/dev_mgr/devices/${id}`);
  return {
    doc: (response.json() as { device: Record<string, unknown> }).device,
    etag: response.headers.etag as string,
  };
};

describe('ETag and If-Match', () => {
  it('gives devices and configs an ETag that changes with every change', async () => {
    const id = await newDevice();
    const first = await getWithEtag(id);
    expect(first.etag).toMatch(/^"\d+"$/);
    await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...first.doc, description: 'desk 4' } });
    const second = await getWithEtag(id);
    expect(second.etag).not.toBe(first.etag);
    const config = await t().api().get('/0.2/cfg_mgr/configs/base');
    expect(config.headers.etag).toMatch(/^"\d+"$/);
  });

  it('refuses a write with a stale If-Match (412) and accepts the current one', async () => {
    const id = await newDevice();
    const { doc, etag } = await getWithEtag(id);
    const ok = await t()
      .api()
      .put(
        `/0.2/dev_mgr/devices/${id}`,
        { device: { ...doc, description: 'a' } },
        {
          headers: { 'if-match': etag },
        },
      );
    expect(ok.statusCode).toBe(204);
    const stale = await t()
      .api()
      .put(
        `/0.2/dev_mgr/devices/${id}`,
        { device: { ...doc, description: 'b' } },
        {
          headers: { 'if-match': etag },
        },
      );
    expect(stale.statusCode).toBe(412);
    expect((await getWithEtag(id)).doc.description).toBe('a');
    const staleDelete = await t()
      .api()
      .delete(`/0.2/dev_mgr/devices/${id}`, { headers: { 'if-match': etag } });
    expect(staleDelete.statusCode).toBe(412);
    expect((await t().api().get(`/0.2/dev_mgr/devices/${id}`)).statusCode).toBe(200);
  });

  it('loses no update when concurrent PUTs hit one device (each is applied or refused)', async () => {
    const id = await newDevice();
    const { doc, etag } = await getWithEtag(id);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t()
          .api()
          .put(
            `/0.2/dev_mgr/devices/${id}`,
            { device: { ...doc, [`X_field${i}`]: i } },
            {
              headers: { 'if-match': etag },
            },
          ),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 204)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(7);
    // Without If-Match, concurrent PUTs are serialised: the last one wins whole, nothing is mixed.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t()
          .api()
          .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...doc, description: `writer ${i}` } }),
      ),
    );
    const final = (await getWithEtag(id)).doc;
    expect(final.description).toMatch(/^writer \d$/);
    expect(Object.keys(final).filter((k) => k.startsWith('X_field'))).toEqual([]);
  });
});

describe('history', () => {
  it('lists a device’s events with source, actor and time, paged', async () => {
    const id = await newDevice();
    const { doc } = await getWithEtag(id);
    await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...doc, ip: '10.0.0.77' } });
    const page = await t()
      .api()
      .json<{ history: Record<string, unknown>[]; next_after: number | null }>(
        `/0.2/dev_mgr/devices/${id}/history`,
      );
    const types = page.history.map((e) => e.type);
    expect(types[0]).toBe('DeviceCreated');
    expect(types).toContain('DeviceInfoChanged');
    const created = page.history[0]!;
    expect(created).toMatchObject({
      source: 'api',
      actor: { token_id: 'id-valid-token-multitenant', tenant_uuid: MAIN },
      revision: 0,
    });
    expect(new Date(created.recorded_at as string).getTime()).not.toBeNaN();
    const first = await t()
      .api()
      .json<{ history: { revision: number }[]; next_after: number | null }>(
        `/0.2/dev_mgr/devices/${id}/history?limit=1`,
      );
    expect(first.history).toHaveLength(1);
    expect(first.next_after).toBe(0);
    const next = await t()
      .api()
      .json<{ history: { revision: number }[] }>(`/0.2/dev_mgr/devices/${id}/history?limit=1&after=0`);
    expect(next.history[0]?.revision).toBe(1);
  });

  it('keeps the history of a deleted device readable, and hides other tenants’ histories', async () => {
    const id = await newDevice(SUB1);
    await t().api().delete(`/0.2/dev_mgr/devices/${id}`);
    const page = await t().api().json<{ history: { type: string }[] }>(`/0.2/dev_mgr/devices/${id}/history`);
    expect(page.history.at(-1)?.type).toBe('DeviceDeleted');
    const hidden = await t()
      .api()
      .get(`/0.2/dev_mgr/devices/${id}/history`, { headers: { 'wazo-tenant': SUB2 } });
    expect(hidden.statusCode).toBe(404);
    expect((await t().api().get('/0.2/dev_mgr/devices/neverexisted/history')).statusCode).toBe(404);
  });
});

describe('state at an instant', () => {
  it('shows the device as it was then', async () => {
    const id = await newDevice();
    const { doc } = await getWithEtag(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...doc, ip: '10.0.0.99' } });
    const then = await t().api().json<{ device: { ip: string } }>(`/0.2/dev_mgr/devices/${id}?at=${between}`);
    expect(then.device.ip).toBe('10.0.0.2');
    expect((await getWithEtag(id)).doc.ip).toBe('10.0.0.99');
    expect((await t().api().get(`/0.2/dev_mgr/devices/${id}?at=2000-01-01T00:00:00Z`)).statusCode).toBe(404);
    expect((await t().api().get(`/0.2/dev_mgr/devices/${id}?at=yesterday`)).statusCode).toBe(400);
  });
});

describe('served files', () => {
  it('shows the files a phone gets, secrets masked without the dedicated ACL', async () => {
    const config = await t()
      .api()
      .post('/0.2/cfg_mgr/configs', {
        config: {
          parent_ids: ['base'],
          raw_config: {
            sip_lines: { '1': { username: 'alice', password: 's3cr3t-pass', display_name: 'Alice' } },
          },
        },
      });
    const configId = (config.json() as { id: string }).id;
    const id = await newDevice(undefined, { config: configId });
    // provd.# grants the secrets ACL too: the masked view needs a token with the files ACL only.
    t().auth.addToken('auditor-with-secrets', MAIN, ['provd.#']);
    t().auth.addToken('auditor', MAIN, ['provd.dev_mgr.devices.*.files.read']);
    const view = await t().api('auditor').json<{
      files: { path: string; content: string; redacted: boolean; scope: string }[];
      configured: boolean;
    }>(`/0.2/dev_mgr/devices/${id}/files`);
    expect(view.configured).toBe(true);
    const own = view.files.filter((f) => f.scope === 'device');
    expect(own.length).toBeGreaterThan(0);
    expect(own.some((f) => f.content.includes('alice'))).toBe(true);
    expect(own.some((f) => f.content.includes('s3cr3t-pass'))).toBe(false);
    expect(own.some((f) => f.redacted && f.content.includes('********'))).toBe(true);

    const masked = await t()
      .api('auditor')
      .json<{ files: { content: string }[] }>(`/0.2/dev_mgr/devices/${id}/files`);
    expect(masked.files.some((f) => f.content.includes('s3cr3t-pass'))).toBe(false);
    const revealed = await t()
      .api('auditor-with-secrets')
      .json<{ files: { content: string }[] }>(`/0.2/dev_mgr/devices/${id}/files`);
    expect(revealed.files.some((f) => f.content.includes('s3cr3t-pass'))).toBe(true);
  });
});
