import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import {
  configStream,
  deviceStream,
  pluginStream,
  SETTINGS_STREAM,
  tenantStream,
  tokenStream,
} from '../../../src/domain/streams.js';

type Step = readonly [stream: string, event: DomainEvent];

const device = (id: string, event: DomainEvent): Step => [deviceStream(id), event];
const config = (id: string, event: DomainEvent): Step => [configStream(id), event];
const settings = (event: DomainEvent): Step => [SETTINGS_STREAM, event];
const plugin = (id: string, event: DomainEvent): Step => [pluginStream(id), event];
const tenant = (id: string, event: DomainEvent): Step => [tenantStream(id), event];
const token = (id: string, event: DomainEvent): Step => [tokenStream(id), event];

export const MASTER = 'tenant-master';
export const MASTER_2 = 'tenant-master-2';
export const TENANT_A = 'tenant-a';
export const TENANT_B = 'tenant-b';

/**
 * A hand-made history touching every read model: devices discovered, changed, moved to a tenant,
 * associated with line configs and reset, deleted and re-created; configs with three levels of
 * inheritance, a dangling parent that appears later, a grandparent update; base raw config and
 * master tenant changes; parameters, provisioning keys and plugins; tenants and tokens of the
 * built-in authentication.
 */
export const SCENARIO: readonly Step[] = [
  settings({ type: 'MasterTenantSet', data: { tenantUuid: MASTER } }),
  settings({
    type: 'BaseRawConfigChanged',
    data: { rawConfig: { ip: '10.0.0.1', http_port: 8667, tftp_port: 69, X_comment: 'base v1' } },
  }),
  config('base', {
    type: 'ConfigCreated',
    data: {
      configId: 'base',
      config: {
        parent_ids: [],
        raw_config: { ntp_enabled: true, ntp_ip: '1.1.1.1' },
        deletable: false,
        X_type: 'internal',
      },
      autocreatedFrom: null,
    },
  }),
  config('defaultconfigdevice', {
    type: 'ConfigCreated',
    data: {
      configId: 'defaultconfigdevice',
      config: {
        parent_ids: [],
        raw_config: { sip_dtmf_mode: 'RTP-in-band', admin_password: 'admin' },
        X_type: 'device',
      },
      autocreatedFrom: null,
    },
  }),
  config('autoprov', {
    type: 'ConfigCreated',
    data: {
      configId: 'autoprov',
      config: {
        parent_ids: ['base', 'defaultconfigdevice'],
        raw_config: { sip_lines: { '1': { username: 'anonymous', password: 'autoprov' } } },
        role: 'autocreate',
        deletable: false,
      },
      autocreatedFrom: null,
    },
  }),
  config('autoprov-abc', {
    type: 'ConfigCreated',
    data: {
      configId: 'autoprov-abc',
      config: {
        parent_ids: ['autoprov'],
        raw_config: { sip_lines: { '1': { username: 'apabcdefgh' } } },
        transient: true,
      },
      autocreatedFrom: 'autoprov',
    },
  }),
  config('line-d1', {
    type: 'ConfigCreated',
    data: {
      configId: 'line-d1',
      config: {
        parent_ids: ['base', 'defaultconfigdevice'],
        raw_config: { sip_lines: { '1': { username: 'alice', password: 'secret' } } },
        X_type: 'device',
      },
      autocreatedFrom: null,
    },
  }),
  config('orphan', {
    type: 'ConfigCreated',
    data: {
      configId: 'orphan',
      config: { parent_ids: ['late', 'base'], raw_config: { X_own: 1 } },
      autocreatedFrom: null,
    },
  }),
  device('d1', {
    type: 'DeviceDiscovered',
    data: {
      deviceId: 'd1',
      info: { mac: '00:11:22:33:44:55', ip: '10.0.0.10', vendor: 'Aastra', model: '6731i', version: '3.3.1' },
      tenantUuid: MASTER,
      via: 'phone-http',
    },
  }),
  device('d1', {
    type: 'PluginAssociated',
    data: { deviceId: 'd1', plugin: 'xivo-aastra-3.3.1', previous: null, score: 300 },
  }),
  device('d1', { type: 'ConfigAssigned', data: { deviceId: 'd1', config: 'autoprov-abc', previous: null } }),
  device('d1', {
    type: 'DeviceInfoChanged',
    data: { deviceId: 'd1', changes: { ip: '10.0.0.11', version: '3.3.1.2' }, removed: [] },
  }),
  device('d2', {
    type: 'DeviceDiscovered',
    data: {
      deviceId: 'd2',
      info: { mac: '00:11:22:33:44:66', ip: '10.0.0.20' },
      tenantUuid: MASTER,
      via: 'dhcp',
    },
  }),
  device('d1', { type: 'TenantAssigned', data: { deviceId: 'd1', tenantUuid: TENANT_A, previous: MASTER } }),
  device('d1', {
    type: 'DeviceAssociatedToLine',
    data: { deviceId: 'd1', config: 'line-d1', previous: 'autoprov-abc' },
  }),
  device('d1', {
    type: 'DeviceConfigurationChanged',
    data: { deviceId: 'd1', configured: true, error: null },
  }),
  device('d1', {
    type: 'RemoteStateReported',
    data: { deviceId: 'd1', sipUsername: 'alice', filename: 'aastra.cfg', contentHash: 'ab'.repeat(32) },
  }),
  config('base', {
    type: 'ConfigUpdated',
    data: {
      configId: 'base',
      config: {
        parent_ids: [],
        raw_config: { ntp_enabled: true, ntp_ip: '2.2.2.2' },
        deletable: false,
        X_type: 'internal',
      },
    },
  }),
  config('late', {
    type: 'ConfigCreated',
    data: {
      configId: 'late',
      config: { parent_ids: [], raw_config: { X_late: true, ntp_ip: '3.3.3.3' } },
      autocreatedFrom: null,
    },
  }),
  device('d1', {
    type: 'DeviceResetToAutoprov',
    data: { deviceId: 'd1', config: 'autoprov-abc', previous: 'line-d1' },
  }),
  config('line-d1', { type: 'ConfigDeleted', data: { configId: 'line-d1' } }),
  device('d3', {
    type: 'DeviceCreated',
    data: {
      deviceId: 'd3',
      tenantUuid: TENANT_B,
      fields: {
        mac: '00:11:22:33:44:55',
        description: 'shared MAC',
        options: { switchboard: true },
        X_custom: 'x',
      },
    },
  }),
  device('d3', {
    type: 'DeviceUpdated',
    data: { deviceId: 'd3', set: { description: 'desk' }, unset: ['X_custom'] },
  }),
  device('d3', { type: 'SynchronizeRequested', data: { deviceId: 'd3' } }),
  device('d2', { type: 'DeviceDeleted', data: { deviceId: 'd2' } }),
  device('d2', {
    type: 'DeviceDiscovered',
    data: {
      deviceId: 'd2',
      info: { mac: '00:11:22:33:44:77', sn: 'SN-2' },
      tenantUuid: MASTER,
      via: 'phone-tftp',
    },
  }),
  settings({
    type: 'BaseRawConfigChanged',
    data: { rawConfig: { ip: '10.0.0.2', http_port: 8667, tftp_port: 69, X_comment: 'base v2' } },
  }),
  settings({ type: 'MasterTenantSet', data: { tenantUuid: MASTER_2 } }),
  settings({ type: 'ParameterSet', data: { name: 'locale', value: 'fr_FR' } }),
  settings({ type: 'ParameterSet', data: { name: 'NAT', value: 1 } }),
  settings({ type: 'ParameterSet', data: { name: 'plugin_server', value: 'http://plugins' } }),
  settings({ type: 'ParameterSet', data: { name: 'locale', value: null } }),
  settings({ type: 'ProvisioningKeySet', data: { tenantUuid: TENANT_A, key: 'key-aaaaaaaa' } }),
  settings({ type: 'ProvisioningKeySet', data: { tenantUuid: TENANT_B, key: 'key-bbbbbbbb' } }),
  settings({ type: 'ProvisioningKeySet', data: { tenantUuid: MASTER_2, key: null } }),
  settings({ type: 'TenantSettingsRemoved', data: { tenantUuid: TENANT_B } }),
  plugin('xivo-aastra', {
    type: 'PluginInstalled',
    data: { pluginId: 'xivo-aastra', info: { version: '1.0', description: 'Aastra' } },
  }),
  plugin('xivo-aastra', {
    type: 'PluginPackageInstalled',
    data: { pluginId: 'xivo-aastra', packageId: 'fw-6731i', version: '3.3.1', sha256: null },
  }),
  plugin('xivo-aastra', {
    type: 'PluginPackageInstalled',
    data: { pluginId: 'xivo-aastra', packageId: 'lang-fr', version: '1', sha256: 'cd'.repeat(32) },
  }),
  plugin('xivo-aastra', {
    type: 'PluginUpgraded',
    data: { pluginId: 'xivo-aastra', fromVersion: '1.0', info: { version: '1.1', description: 'Aastra' } },
  }),
  plugin('xivo-aastra', {
    type: 'PluginPackageUninstalled',
    data: { pluginId: 'xivo-aastra', packageId: 'lang-fr' },
  }),
  plugin('xivo-snom', { type: 'PluginInstalled', data: { pluginId: 'xivo-snom', info: { version: '2.0' } } }),
  plugin('xivo-snom', {
    type: 'PluginPackageInstalled',
    data: { pluginId: 'xivo-snom', packageId: 'fw', version: '1', sha256: null },
  }),
  plugin('xivo-snom', { type: 'PluginUninstalled', data: { pluginId: 'xivo-snom', version: '2.0' } }),
  tenant(MASTER, { type: 'TenantCreated', data: { tenantUuid: MASTER, parentUuid: null, name: 'master' } }),
  tenant(TENANT_A, { type: 'TenantCreated', data: { tenantUuid: TENANT_A, parentUuid: MASTER, name: 'a' } }),
  tenant(TENANT_B, {
    type: 'TenantCreated',
    data: { tenantUuid: TENANT_B, parentUuid: TENANT_A, name: 'b' },
  }),
  tenant('tenant-c', {
    type: 'TenantCreated',
    data: { tenantUuid: 'tenant-c', parentUuid: MASTER, name: 'c' },
  }),
  tenant('tenant-c', { type: 'TenantDeleted', data: { tenantUuid: 'tenant-c' } }),
  token('token-1', {
    type: 'TokenCreated',
    data: {
      tokenId: 'token-1',
      secretHash: '1'.repeat(64),
      tenantUuid: MASTER,
      acls: ['provd.#'],
      label: 'admin',
      expiresAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  }),
  token('token-2', {
    type: 'TokenCreated',
    data: {
      tokenId: 'token-2',
      secretHash: '2'.repeat(64),
      tenantUuid: TENANT_A,
      acls: ['provd.dev_mgr.#', '!provd.dev_mgr.devices.*.delete'],
      label: 'confd a',
      expiresAt: '2027-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  }),
  token('token-1', { type: 'TokenRevoked', data: { tokenId: 'token-1' } }),
];
