import { beforeAll, describe, expect, it } from 'vitest';
import { appendAll } from './support/append-events.js';
import { type Harness, newHarness } from './support/harness.js';
import { MASTER, MASTER_2, SCENARIO, TENANT_A, TENANT_B } from './support/scenario.js';

/** What the hand-made scenario must leave in each read model. */
describe('read models after the scenario', () => {
  let h: Harness;
  beforeAll(async () => {
    h = newHarness();
    await appendAll(h.store, SCENARIO);
    await h.runner.catchUp();
  });

  describe('devices', () => {
    it('follows every change of a device', () => {
      expect(h.models.devices.get('d1')).toEqual({
        id: 'd1',
        mac: '00:11:22:33:44:55',
        ip: '10.0.0.11',
        vendor: 'Aastra',
        model: '6731i',
        version: '3.3.1.2',
        tenant_uuid: TENANT_A,
        is_new: false,
        configured: true,
        added: 'auto',
        plugin: 'xivo-aastra-3.3.1',
        config: 'autoprov-abc',
        remote_state_sip_username: 'alice',
      });
    });

    it('recomputes is_new when the master tenant changes', () => {
      // d2 was discovered in MASTER, which stopped being the master tenant.
      expect(h.models.devices.get('d2')).toMatchObject({ tenant_uuid: MASTER, is_new: false });
    });

    it('forgets a deleted device and lists a re-created one at the end', () => {
      expect(h.models.devices.get('d2')?.mac).toBe('00:11:22:33:44:77');
      expect(h.models.devices.find({ tenantUuids: 'all' }).map((d) => d.id)).toEqual(['d1', 'd3', 'd2']);
    });

    it('finds every device sharing a MAC', () => {
      expect(h.models.devices.findByMac('00:11:22:33:44:55').map((d) => d.id)).toEqual(['d1', 'd3']);
      expect(h.models.devices.findByMac('00:11:22:33:44:66')).toEqual([]);
      expect(h.models.devices.findBySn('SN-2').map((d) => d.id)).toEqual(['d2']);
      expect(h.models.devices.findByIp('10.0.0.11').map((d) => d.id)).toEqual(['d1']);
    });

    it('keeps client fields and drops unset ones', () => {
      expect(h.models.devices.get('d3')).toEqual({
        id: 'd3',
        mac: '00:11:22:33:44:55',
        description: 'desk',
        options: { switchboard: true },
        tenant_uuid: TENANT_B,
        is_new: false,
        configured: false,
      });
    });

    it('counts devices per tenant', () => {
      expect(h.models.devices.countByTenant()).toEqual(
        new Map([
          [TENANT_A, 1],
          [TENANT_B, 1],
          [MASTER, 1],
        ]),
      );
    });

    it('finds devices by config and plugin for fan-outs', () => {
      expect(h.models.devices.findByConfigs(['autoprov-abc', 'nope']).map((d) => d.id)).toEqual(['d1']);
      expect(h.models.devices.findByPlugin('xivo-aastra-3.3.1').map((d) => d.id)).toEqual(['d1']);
    });
  });

  describe('configs', () => {
    it('stores the document with its id', () => {
      expect(h.models.configs.get('autoprov')).toEqual({
        id: 'autoprov',
        parent_ids: ['base', 'defaultconfigdevice'],
        raw_config: { sip_lines: { '1': { username: 'anonymous', password: 'autoprov' } } },
        role: 'autocreate',
        deletable: false,
      });
      expect(h.models.configs.get('line-d1')).toBeUndefined();
    });

    it('flattens base, ancestors and own raw config; a grandparent update reaches grandchildren', () => {
      expect(h.models.configs.rawConfig('autoprov-abc')).toEqual({
        ip: '10.0.0.2',
        http_port: 8667,
        tftp_port: 69,
        X_comment: 'base v2',
        ntp_enabled: true,
        ntp_ip: '2.2.2.2',
        sip_dtmf_mode: 'RTP-in-band',
        admin_password: 'admin',
        sip_lines: { '1': { username: 'apabcdefgh', password: 'autoprov' } },
      });
    });

    it('picks up a parent created after its child', () => {
      expect(h.models.configs.rawConfig('orphan')).toEqual({
        ip: '10.0.0.2',
        http_port: 8667,
        tftp_port: 69,
        X_comment: 'base v2',
        X_late: true,
        ntp_enabled: true,
        ntp_ip: '2.2.2.2',
        X_own: 1,
      });
    });

    it('has no raw config for an unknown or deleted config', () => {
      expect(h.models.configs.rawConfig('line-d1')).toBeUndefined();
      expect(h.models.configs.rawConfig('nope')).toBeUndefined();
    });

    it('knows descendants, the autocreate config and autocreated origins', () => {
      expect(h.models.configs.descendants('base')).toEqual(['autoprov', 'autoprov-abc', 'orphan']);
      expect(h.models.configs.descendants('late')).toEqual(['orphan']);
      expect(h.models.configs.autocreateConfig()?.id).toBe('autoprov');
      expect(h.models.configs.autocreatedFrom('autoprov-abc')).toBe('autoprov');
      expect(h.models.configs.autocreatedFrom('autoprov')).toBeUndefined();
    });

    it('finds configs with provd selectors', () => {
      expect(h.models.configs.find({ selector: { X_type: 'internal' }, fields: ['deletable'] })).toEqual([
        { id: 'base', deletable: false },
      ]);
      expect(
        h.models.configs
          .find({
            selector: { 'raw_config.sip_lines.1.username': { $exists: true } },
            sort: 'id',
            sortOrd: 'DESC',
          })
          .map((c) => c.id),
      ).toEqual(['autoprov-abc', 'autoprov']);
    });
  });

  describe('device history', () => {
    it('records every device event with its metadata', () => {
      const page = h.models.deviceHistory.history('d1');
      expect(page.entries.map((e) => e.type)).toEqual([
        'DeviceDiscovered',
        'PluginAssociated',
        'ConfigAssigned',
        'DeviceInfoChanged',
        'TenantAssigned',
        'DeviceAssociatedToLine',
        'DeviceConfigurationChanged',
        'RemoteStateReported',
        'DeviceResetToAutoprov',
      ]);
      expect(page.entries.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect(page.nextAfter).toBeUndefined();
      expect(page.entries[4]).toMatchObject({
        source: 'api',
        actor: { tokenId: 'token-1', tenantUuid: 'tenant-master', userUuid: 'user-1' },
        clientIp: '10.0.0.1',
        correlationId: 'corr-1',
        data: { deviceId: 'd1', tenantUuid: TENANT_A, previous: MASTER },
      });
      expect(page.entries[0]!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    it('keeps the history of a deleted then re-created device', () => {
      expect(h.models.deviceHistory.history('d2').entries.map((e) => e.type)).toEqual([
        'DeviceDiscovered',
        'DeviceDeleted',
        'DeviceDiscovered',
      ]);
    });

    it('pages with after and limit', () => {
      const first = h.models.deviceHistory.history('d1', { limit: 4 });
      expect(first.entries.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      expect(first.nextAfter).toBe(3);
      const second = h.models.deviceHistory.history('d1', { after: first.nextAfter, limit: 4 });
      expect(second.entries.map((e) => e.revision)).toEqual([4, 5, 6, 7]);
      const last = h.models.deviceHistory.history('d1', { after: second.nextAfter, limit: 4 });
      expect(last.entries.map((e) => e.revision)).toEqual([8]);
      expect(last.nextAfter).toBeUndefined();
      expect(h.models.deviceHistory.history('nope')).toEqual({ entries: [], nextAfter: undefined });
    });
  });

  describe('settings', () => {
    it('holds parameters, keys, master tenant and base raw config', () => {
      const { settings } = h.models;
      expect(settings.parameters()).toEqual({ NAT: 1, plugin_server: 'http://plugins' });
      expect(settings.parameter('locale')).toBeUndefined();
      expect(settings.provisioningKey(TENANT_A)).toBe('key-aaaaaaaa');
      expect(settings.provisioningKey(TENANT_B)).toBeNull();
      expect(settings.provisioningKey(MASTER_2)).toBeNull();
      expect(settings.tenantByProvisioningKey('key-aaaaaaaa')).toBe(TENANT_A);
      expect(settings.tenantByProvisioningKey('key-bbbbbbbb')).toBeUndefined();
      expect(settings.tenants()).toEqual([
        { tenantUuid: TENANT_A, provisioningKey: 'key-aaaaaaaa' },
        { tenantUuid: MASTER_2, provisioningKey: null },
      ]);
      expect(settings.masterTenant()).toBe(MASTER_2);
      expect(settings.baseRawConfig()).toMatchObject({ X_comment: 'base v2' });
    });
  });

  describe('plugins', () => {
    it('lists installed plugins with their packages', () => {
      expect(h.models.plugins.list()).toEqual([
        {
          id: 'xivo-aastra',
          version: '1.1',
          info: { version: '1.1', description: 'Aastra' },
          packages: [{ id: 'fw-6731i', version: '3.3.1', sha256: null }],
        },
      ]);
      expect(h.models.plugins.installedVersion('xivo-aastra')).toBe('1.1');
      expect(h.models.plugins.get('xivo-snom')).toBeUndefined();
    });
  });
});
