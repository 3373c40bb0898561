import { describe, expect, it } from 'vitest';
import { INVALID_TOKEN, MAIN, SUB1, SUB2, VALID_TOKEN } from './support/fixture-auth.js';
import { restServerForSuite } from './support/rest-server.js';

/** provd-spec §8.5 (test_devices.py), one `it` per line of the checklist, plus our fixes. */

const t = restServerForSuite();

let counter = 0;
const device = (overrides: Record<string, unknown> = {}) => ({
  id: `testdevice${++counter}`,
  config: 'defaultconfigdevice',
  ip: '10.0.0.2',
  mac: '00:11:22:33:44:55',
  model: 'T1',
  plugin: 'test',
  vendor: 'Test',
  version: '1.0',
  ...overrides,
});

const create = async (body: Record<string, unknown>, tenant?: string): Promise<string> => {
  const response = await t()
    .api()
    .post('/0.2/dev_mgr/devices', { device: body }, tenant ? { headers: { 'wazo-tenant': tenant } } : {});
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
};

const getDevice = async (id: string, tenant?: string) =>
  t()
    .api()
    .get(`/0.2/dev_mgr/devices/${id}`, tenant ? { headers: { 'wazo-tenant': tenant } } : {});

const deviceDoc = async (id: string): Promise<Record<string, unknown>> =>
  ((await getDevice(id)).json() as { device: Record<string, unknown> }).device;

describe('devices (provd-spec §8.5)', () => {
  it('lists devices under a `devices` key', async () => {
    const body = await t().api().json('/0.2/dev_mgr/devices');
    expect(body).toHaveProperty('devices');
    expect(Array.isArray(body.devices)).toBe(true);
  });

  it('sorts by ip even when a device has plugin null and no ip', async () => {
    const a = await create(device({ ip: '10.0.0.9' }));
    const b = await create({ id: `noip${++counter}`, plugin: null });
    const response = await t().api().get('/0.2/dev_mgr/devices?sort=ip&sort_ord=ASC');
    expect(response.statusCode).toBe(200);
    const ids = (response.json() as { devices: { id: string }[] }).devices.map((d) => d.id);
    expect(ids.indexOf(b)).toBeLessThan(ids.indexOf(a));
  });

  it('creates with an explicit id, in the master tenant (is_new true)', async () => {
    const body = device();
    const id = await create(body);
    expect(id).toBe(body.id);
    const doc = await deviceDoc(id);
    expect(doc).toMatchObject({ id, tenant_uuid: MAIN, is_new: true });
  });

  it('refuses IP 10.0.1.xx with 400', async () => {
    const response = await t()
      .api()
      .post('/0.2/dev_mgr/devices', { device: device({ ip: '10.0.1.xx' }) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('10.0.1.xx');
  });

  it('refuses the id `*&!"/invalid _` with 400', async () => {
    const response = await t()
      .api()
      .post('/0.2/dev_mgr/devices', { device: device({ id: '*&!"/invalid _' }) });
    expect(response.statusCode).toBe(400);
  });

  it('refuses an invalid token with 401', async () => {
    const response = await t().api(INVALID_TOKEN).post('/0.2/dev_mgr/devices', { device: device() });
    expect(response.statusCode).toBe(401);
    expect(response.body).toBe('Unauthorized');
  });

  it('creates in SUB1 with Wazo-Tenant SUB1: is_new false', async () => {
    const id = await create(device(), SUB1);
    expect(await deviceDoc(id)).toMatchObject({ tenant_uuid: SUB1, is_new: false });
  });

  it('refuses Wazo-Tenant SUB1 for a token not allowed on it (401)', async () => {
    const response = await t()
      .api(VALID_TOKEN)
      .post('/0.2/dev_mgr/devices', { device: device() }, { headers: { 'wazo-tenant': SUB1 } });
    expect(response.statusCode).toBe(401);
  });

  it('updates ip and mac of a master-tenant device and keeps is_new', async () => {
    const id = await create(device());
    const doc = await deviceDoc(id);
    const response = await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...doc, ip: '10.0.0.3', mac: '00:11:22:33:44:66' } });
    expect(response.statusCode, response.body).toBe(204);
    expect(await deviceDoc(id)).toMatchObject({ ip: '10.0.0.3', mac: '00:11:22:33:44:66', is_new: true });
  });

  it('answers 404 for an update of an unknown device', async () => {
    const response = await t().api().put('/0.2/dev_mgr/devices/nosuchdevice', { device: device() });
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('No such resource');
  });

  it('refuses MAC 00:11:22:33:44:xx on update with 400 (provd: 500)', async () => {
    const id = await create(device());
    const response = await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...(await deviceDoc(id)), mac: '00:11:22:33:44:xx' } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('00:11:22:33:44:xx');
  });

  it('refuses an update with an invalid token (401)', async () => {
    const id = await create(device());
    const response = await t().api(INVALID_TOKEN).put(`/0.2/dev_mgr/devices/${id}`, { device: device() });
    expect(response.statusCode).toBe(401);
  });

  it('moves a new device to SUB1 on PUT with Wazo-Tenant SUB1 (is_new false)', async () => {
    const id = await create(device());
    const response = await t()
      .api()
      .put(
        `/0.2/dev_mgr/devices/${id}`,
        { device: await deviceDoc(id) },
        { headers: { 'wazo-tenant': SUB1 } },
      );
    expect(response.statusCode).toBe(204);
    expect(await deviceDoc(id)).toMatchObject({ tenant_uuid: SUB1, is_new: false });
  });

  it('keeps a SUB1 device in SUB1 on PUT from MAIN but applies the other changes', async () => {
    const id = await create(device(), SUB1);
    const doc = await deviceDoc(id);
    const response = await t()
      .api()
      .put(
        `/0.2/dev_mgr/devices/${id}`,
        { device: { ...doc, ip: '10.0.0.7' } },
        { headers: { 'wazo-tenant': MAIN } },
      );
    expect(response.statusCode).toBe(204);
    expect(await deviceDoc(id)).toMatchObject({ tenant_uuid: SUB1, ip: '10.0.0.7' });
  });

  it('answers 404 to a PUT from SUB2 on a SUB1 device', async () => {
    const id = await create(device(), SUB1);
    const response = await t()
      .api()
      .put(
        `/0.2/dev_mgr/devices/${id}`,
        { device: await deviceDoc(id) },
        { headers: { 'wazo-tenant': SUB2 } },
      );
    expect(response.statusCode).toBe(404);
  });

  it('refuses Wazo-Tenant MAIN on PUT for a token not allowed (401)', async () => {
    const id = await create(device());
    t().auth.addToken('sub1-only', SUB1, ['provd.#']);
    const response = await t()
      .api('sub1-only')
      .put(
        `/0.2/dev_mgr/devices/${id}`,
        { device: await deviceDoc(id) },
        { headers: { 'wazo-tenant': MAIN } },
      );
    expect(response.statusCode).toBe(401);
  });

  it('synchronizes a configured device: the operation reaches success', async () => {
    const id = await create(device({ mac: '00:11:22:33:44:01', config: 'defaultconfigdevice' }));
    expect(await deviceDoc(id)).toMatchObject({ configured: true });
    const response = await t().api().post('/0.2/dev_mgr/synchronize', { id });
    expect(response.statusCode, response.body).toBe(201);
    const location = response.headers.location as string;
    expect(location).toMatch(/^\/0\.2\/dev_mgr\/synchronize\/\d+$/);
    let status = '';
    for (let i = 0; i < 100 && !/success|fail/.test(status); i++) {
      status = ((await t().api().json(location)) as { status: string }).status;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe('success');
    expect(t().syncs.at(-1)).toMatchObject({
      target: { deviceId: id, ip: '10.0.0.2' },
      plan: { kind: 'sip-notify' },
    });
    expect((await t().api().delete(location)).statusCode).toBe(204);
    expect((await t().api().get(location)).statusCode).toBe(404);
  });

  const syncStatus = async (id: string, tenant?: string, token?: string) =>
    t()
      .api(token)
      .post('/0.2/dev_mgr/synchronize', { id }, tenant ? { headers: { 'wazo-tenant': tenant } } : {});

  it('refuses synchronize with an invalid token (401) for existing and unknown ids', async () => {
    const id = await create(device());
    expect((await syncStatus(id, undefined, INVALID_TOKEN)).statusCode).toBe(401);
    expect((await syncStatus('nosuchdevice', undefined, INVALID_TOKEN)).statusCode).toBe(401);
  });

  it('accepts synchronize of a SUB1 device from MAIN', async () => {
    const id = await create(device(), SUB1);
    expect((await syncStatus(id, MAIN)).statusCode).toBe(201);
  });

  it('answers 404 to synchronize of a MAIN device from SUB1, and of a SUB1 device from SUB2', async () => {
    const main = await create(device());
    const sub1 = await create(device(), SUB1);
    expect((await syncStatus(main, SUB1)).statusCode).toBe(404);
    expect((await syncStatus(sub1, SUB2)).statusCode).toBe(404);
  });

  it('refuses synchronize with Wazo-Tenant SUB1 for a token not allowed (401)', async () => {
    const id = await create(device(), SUB1);
    expect((await syncStatus(id, SUB1, VALID_TOKEN)).statusCode).toBe(401);
  });

  it('reports a failed operation for a device that is not configured', async () => {
    const id = await create({ id: `bare${++counter}` });
    const response = await syncStatus(id);
    expect(response.statusCode).toBe(201);
    let status = '';
    for (let i = 0; i < 100 && !/success|fail/.test(status); i++) {
      status = (
        (await t()
          .api()
          .json(response.headers.location as string)) as { status: string }
      ).status;
    }
    expect(status).toBe('fail');
  });

  it('gets an existing device with its id', async () => {
    const id = await create(device());
    const response = await getDevice(id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.proformatique.provd+json');
    expect((response.json() as { device: { id: string } }).device.id).toBe(id);
  });

  it('answers 404 to an unknown device, 401 to an invalid token (existing and unknown)', async () => {
    const id = await create(device());
    expect((await getDevice('nosuchdevice')).statusCode).toBe(404);
    expect((await t().api(INVALID_TOKEN).get(`/0.2/dev_mgr/devices/${id}`)).statusCode).toBe(401);
    expect((await t().api(INVALID_TOKEN).get('/0.2/dev_mgr/devices/nosuchdevice')).statusCode).toBe(401);
  });

  it('shows a SUB1 device to MAIN (recursive) but not a MAIN device to SUB1', async () => {
    const sub1 = await create(device(), SUB1);
    const main = await create(device());
    expect((await getDevice(sub1, MAIN)).statusCode).toBe(200);
    expect((await getDevice(main, SUB1)).statusCode).toBe(404);
  });

  it('deletes a device (then 404), 404 for unknown, 401 for an invalid token', async () => {
    const id = await create(device());
    expect((await t().api(INVALID_TOKEN).delete(`/0.2/dev_mgr/devices/${id}`)).statusCode).toBe(401);
    expect((await t().api().delete(`/0.2/dev_mgr/devices/${id}`)).statusCode).toBe(204);
    expect((await getDevice(id)).statusCode).toBe(404);
    expect((await t().api().delete('/0.2/dev_mgr/devices/nosuchdevice')).statusCode).toBe(404);
  });

  it('deletes a SUB1 device from MAIN; a MAIN device survives a delete from SUB1', async () => {
    const sub1 = await create(device(), SUB1);
    expect(
      (
        await t()
          .api()
          .delete(`/0.2/dev_mgr/devices/${sub1}`, { headers: { 'wazo-tenant': MAIN } })
      ).statusCode,
    ).toBe(204);
    expect((await getDevice(sub1, SUB1)).statusCode).toBe(404);
    const main = await create(device());
    expect(
      (
        await t()
          .api()
          .delete(`/0.2/dev_mgr/devices/${main}`, { headers: { 'wazo-tenant': SUB1 } })
      ).statusCode,
    ).toBe(404);
    expect((await getDevice(main)).statusCode).toBe(200);
  });

  const reconfigure = (id: string, tenant?: string, token?: string) =>
    t()
      .api(token)
      .post('/0.2/dev_mgr/reconfigure', { id }, tenant ? { headers: { 'wazo-tenant': tenant } } : {});

  it('reconfigures: 204 existing, 400 unknown, 401 invalid token, MAIN→SUB1 ok, SUB1→MAIN 400', async () => {
    const main = await create(device());
    const sub1 = await create(device(), SUB1);
    expect((await reconfigure(main)).statusCode).toBe(204);
    expect((await reconfigure('nosuchdevice')).statusCode).toBe(400);
    expect((await reconfigure(main, undefined, INVALID_TOKEN)).statusCode).toBe(401);
    expect((await reconfigure('nosuchdevice', undefined, INVALID_TOKEN)).statusCode).toBe(401);
    expect((await reconfigure(sub1, MAIN)).statusCode).toBe(204);
    expect((await reconfigure(main, SUB1)).statusCode).toBe(400);
  });

  const dhcp = (info: Record<string, unknown>, token?: string) =>
    t().api(token).post('/0.2/dev_mgr/dhcpinfo', { dhcp_info: info });

  it('creates or updates a device from a DHCP commit, findable by MAC, in the master tenant', async () => {
    const response = await dhcp({ ip: '10.10.0.1', mac: 'ab:bc:cd:de:ff:01', op: 'commit', options: [] });
    expect(response.statusCode, response.body).toBe(204);
    const q = encodeURIComponent(JSON.stringify({ mac: 'ab:bc:cd:de:ff:01' }));
    const found = await t()
      .api()
      .json<{ devices: { ip: string; tenant_uuid: string }[] }>(`/0.2/dev_mgr/devices?q=${q}`, {
        headers: { 'wazo-tenant': MAIN },
      });
    expect(found.devices).toHaveLength(1);
    expect(found.devices[0]).toMatchObject({ ip: '10.10.0.1', tenant_uuid: MAIN });
  });

  it('refuses a DHCP commit without options (400) and an invalid token (401)', async () => {
    expect((await dhcp({ ip: '10.10.0.2', mac: 'ab:bc:cd:de:ff:02', op: 'commit' })).statusCode).toBe(400);
    expect(
      (await dhcp({ ip: '10.10.0.2', mac: 'ab:bc:cd:de:ff:02', op: 'commit', options: [] }, INVALID_TOKEN))
        .statusCode,
    ).toBe(401);
  });

  it('keeps a master-tenant device in MAIN when the body says SUB1 without a header', async () => {
    const id = await create(device());
    await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...(await deviceDoc(id)), tenant_uuid: SUB1 } });
    expect(await deviceDoc(id)).toMatchObject({ tenant_uuid: MAIN, is_new: true });
  });

  it('keeps is_new true when the body says is_new false', async () => {
    const id = await create(device());
    await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...(await deviceDoc(id)), is_new: false } });
    expect(await deviceDoc(id)).toMatchObject({ is_new: true });
  });

  it('refuses moving a SUB1 device to SUB2 through the body (400), where provd silently moved it', async () => {
    const id = await create(device(), SUB1);
    const response = await t()
      .api()
      .put(`/0.2/dev_mgr/devices/${id}`, { device: { ...(await deviceDoc(id)), tenant_uuid: SUB2 } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/cannot be moved/);
    expect(await deviceDoc(id)).toMatchObject({ tenant_uuid: SUB1 });
  });

  it('lists only the effective tenant without recurse, the sub-tree with recurse=true', async () => {
    const sub1 = await create(device(), SUB1);
    const main = await create(device());
    const list = async (query: string) =>
      (await t().api().json<{ devices: { id: string }[] }>(`/0.2/dev_mgr/devices${query}`)).devices.map(
        (d) => d.id,
      );
    expect(await list('')).toContain(main);
    expect(await list('')).not.toContain(sub1);
    expect(await list('?recurse=true')).toEqual(expect.arrayContaining([main, sub1]));
    expect(await list('?recurse=True')).toContain(sub1);
    expect(await list('?recurse=yes')).not.toContain(sub1);
  });
});
