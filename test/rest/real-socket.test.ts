import { describe, expect, it } from 'vitest';
import {
  INVALID_TOKEN,
  MASTER_TENANT,
  OTHER_TENANT,
  SUB1_TENANT,
  SUB2_TENANT,
  VALID_TOKEN,
} from '../support/wazo-auth-stand-in.js';
import { wazoAuthedServerForSuite } from './support/wazo-authed-server.js';

/**
 * The whole server as an operator runs it with `PROVD_AUTH=wazo-auth`: real sockets for the REST
 * API and for wazo-auth (a local stand-in of its token API), provd's master tenant learnt from
 * its service token, tenant isolation end to end.
 */

const PROV = 'application/vnd.proformatique.provd+json';

const suite = wazoAuthedServerForSuite();
const call = (
  method: string,
  path: string,
  options: { token?: string; tenant?: string; body?: unknown } = {},
): Promise<Response> => suite().call(method, path, options);

describe('REST API over a real socket, authenticated by wazo-auth', () => {
  it('takes the master tenant from provd’s service token', () => {
    expect(suite().server.readModels.settings.masterTenant()).toBe(MASTER_TENANT);
    expect(suite().auth.count('POST /0.1/token')).toBeGreaterThanOrEqual(1);
  });

  it('answers /status to a valid token and 401 to an invalid or missing one', async () => {
    const ok = await call('GET', '/0.2/status');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe(PROV);
    expect(await ok.json()).toMatchObject({ rest_api: 'ok', bus_consumer: { status: 'ok' } });
    expect((await call('GET', '/0.2/status', { token: INVALID_TOKEN })).status).toBe(401);
    expect((await fetch(`${suite().server.restUrl}/0.2/status`)).status).toBe(401);
  });

  it('isolates tenants: other tenants can neither see nor change a device, with or without recurse', async () => {
    const created = await call('POST', '/0.2/dev_mgr/devices', {
      tenant: SUB1_TENANT,
      body: { device: { id: 'sockdev1', mac: '00:11:22:33:66:01' } },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/0.2/dev_mgr/devices/sockdev1');
    expect(((await created.json()) as { id: string }).id).toBe('sockdev1');

    // A sibling tenant, and a token of another tree (with its own tenant or naming SUB1).
    expect((await call('GET', '/0.2/dev_mgr/devices/sockdev1', { tenant: SUB2_TENANT })).status).toBe(404);
    expect((await call('GET', '/0.2/dev_mgr/devices/sockdev1', { token: VALID_TOKEN })).status).toBe(404);
    expect(
      (await call('GET', '/0.2/dev_mgr/devices/sockdev1', { token: VALID_TOKEN, tenant: SUB1_TENANT }))
        .status,
    ).toBe(401);
    for (const query of ['', '?recurse=true']) {
      const listed = (await (
        await call('GET', `/0.2/dev_mgr/devices${query}`, { token: VALID_TOKEN })
      ).json()) as {
        devices: { id: string }[];
      };
      expect(listed.devices.map((d) => d.id)).not.toContain('sockdev1');
      const sibling = (await (
        await call('GET', `/0.2/dev_mgr/devices${query}`, { tenant: SUB2_TENANT })
      ).json()) as { devices: { id: string }[] };
      expect(sibling.devices.map((d) => d.id)).not.toContain('sockdev1');
    }
    const put = await call('PUT', '/0.2/dev_mgr/devices/sockdev1', {
      token: VALID_TOKEN,
      body: { device: { mac: '00:11:22:33:66:02' } },
    });
    expect(put.status).toBe(404);
    expect((await call('DELETE', '/0.2/dev_mgr/devices/sockdev1', { tenant: SUB2_TENANT })).status).toBe(404);

    // The parent sees it recursively; its own tenant sees it in a plain listing.
    const fromMain = (await (await call('GET', '/0.2/dev_mgr/devices?recurse=true')).json()) as {
      devices: { id: string }[];
    };
    expect(fromMain.devices.map((d) => d.id)).toContain('sockdev1');
    const own = (await (await call('GET', '/0.2/dev_mgr/devices', { tenant: SUB1_TENANT })).json()) as {
      devices: { id: string; mac: string }[];
    };
    expect(own.devices.find((d) => d.id === 'sockdev1')?.mac).toBe('00:11:22:33:66:01');
  });

  it('keeps the tenant of a claimed device: a move to another tenant is refused', async () => {
    await call('POST', '/0.2/dev_mgr/devices', { body: { device: { id: 'sockdev2' } } });
    expect(
      (await call('PUT', '/0.2/dev_mgr/devices/sockdev2', { tenant: SUB1_TENANT, body: { device: {} } }))
        .status,
    ).toBe(204);
    const moved = await call('PUT', '/0.2/dev_mgr/devices/sockdev2', {
      body: { device: { tenant_uuid: SUB2_TENANT } },
    });
    expect(moved.status).toBe(400);
    const doc = (await (await call('GET', '/0.2/dev_mgr/devices/sockdev2')).json()) as {
      device: { tenant_uuid: string; is_new: boolean };
    };
    expect(doc.device).toMatchObject({ tenant_uuid: SUB1_TENANT, is_new: false });
  });

  it('answers 503 while wazo-auth is down, and recovers', async () => {
    await suite().auth.setOutage('refuse');
    try {
      const down = await call('GET', '/0.2/dev_mgr/devices', { token: 'a-token-never-seen-before' });
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(/^Authentication service unavailable/);
    } finally {
      await suite().auth.setOutage('none');
    }
    expect((await call('GET', '/0.2/dev_mgr/devices')).status).toBe(200);
  });

  it('does not let a token of another tree act on the master tenant', async () => {
    const response = await call('POST', '/0.2/dev_mgr/devices', {
      token: VALID_TOKEN,
      tenant: MASTER_TENANT,
      body: { device: {} },
    });
    expect(response.status).toBe(401);
    const own = await call('POST', '/0.2/dev_mgr/devices', {
      token: VALID_TOKEN,
      body: { device: { id: 'other1' } },
    });
    expect(own.status).toBe(201);
    const doc = (await (await call('GET', '/0.2/dev_mgr/devices/other1', { token: VALID_TOKEN })).json()) as {
      device: { tenant_uuid: string; is_new: boolean };
    };
    expect(doc.device).toMatchObject({ tenant_uuid: OTHER_TENANT, is_new: false });
  });
});
