import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { MASTER_TENANT, SUB1_TENANT, SUB2_TENANT } from '../support/wazo-auth-stand-in.js';
import { wazoAuthedServerForSuite } from './support/wazo-authed-server.js';

/**
 * provd-spec §8.5, last line: with syncdb `{start_sec: 0, interval_sec: 0.1}`, devices of a tenant
 * wazo-auth no longer lists are deleted and the others remain. (provd also reacted to the bus
 * event `auth_tenant_deleted`; we have no bus, so this periodic clean-up is how deleted tenants'
 * devices go.)
 */

const suite = wazoAuthedServerForSuite({ syncdb: { startSec: 0, intervalSec: 0.1 } }, 0);
const call = (method: string, path: string, tenant: string, body?: unknown): Promise<Response> =>
  suite().call(method, path, { tenant, body });

describe('tenant clean-up (syncdb)', () => {
  it('deletes the devices and the settings of a tenant wazo-auth no longer lists, and only those', async () => {
    for (const [id, tenant] of [
      ['keep-main', MASTER_TENANT],
      ['keep-sub1', SUB1_TENANT],
      ['gone-sub2', SUB2_TENANT],
    ] as const) {
      expect((await call('POST', '/0.2/dev_mgr/devices', tenant, { device: { id } })).status).toBe(201);
    }
    expect(
      (
        await call('PUT', '/0.2/configure/provisioning_key', SUB2_TENANT, {
          param: { value: 'sub2-key-0001' },
        })
      ).status,
    ).toBe(204);
    // Runs keep going while the tenant exists: nothing is deleted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await call('GET', '/0.2/dev_mgr/devices/gone-sub2', MASTER_TENANT)).status).toBe(200);

    suite().auth.removeTenant(SUB2_TENANT);
    await waitFor(
      () => suite().server.readModels.devices.get('gone-sub2') === undefined,
      'the SUB2 device to go',
      {
        timeoutMs: 10_000,
      },
    );
    expect((await call('GET', '/0.2/dev_mgr/devices/gone-sub2', MASTER_TENANT)).status).toBe(404);
    expect((await call('GET', '/0.2/dev_mgr/devices/keep-main', MASTER_TENANT)).status).toBe(200);
    expect((await call('GET', '/0.2/dev_mgr/devices/keep-sub1', MASTER_TENANT)).status).toBe(200);
    expect(suite().server.readModels.settings.provisioningKey(SUB2_TENANT)).toBeNull();
    expect(suite().server.readModels.settings.tenantByProvisioningKey('sub2-key-0001')).toBeUndefined();
    // The auditor sees who deleted it: the system, not an admin.
    const history = (await (
      await call('GET', '/0.2/dev_mgr/devices/gone-sub2/history', MASTER_TENANT)
    ).json()) as {
      history: { type: string; source: string }[];
    };
    expect(history.history.at(-1)).toMatchObject({ type: 'DeviceDeleted', source: 'system' });
  });

  it('deletes nothing while wazo-auth cannot list the tenants', async () => {
    expect(
      (await call('POST', '/0.2/dev_mgr/devices', SUB1_TENANT, { device: { id: 'during-outage' } })).status,
    ).toBe(201);
    await suite().auth.setOutage('error');
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      await suite().auth.setOutage('none');
    }
    expect(suite().server.readModels.devices.get('during-outage')).toBeDefined();
  });
});
