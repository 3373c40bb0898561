import { fileURLToPath } from 'node:url';
import { createYealinkPlugin } from '../../../plugins/yealink/plugin.js';
import { applyConfigureDefaults } from '../../../src/domain/config/defaults.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import type { PluginModule } from '../../../src/plugin-runtime/contract.js';
import { pluginRuntime } from '../../../src/plugin-runtime/runtime.js';
import { device, loadShippedPlugin } from '../support/plugins.js';

/** The plugin with its real runtime (templates included) and the clock pinned to 2025. */
export const yealinkAt2025 = async (): Promise<PluginModule> =>
  createYealinkPlugin(pluginRuntime(await loadShippedPlugin('yealink')), {
    now: () => new Date(Date.UTC(2025, 5, 1)),
  });

export const GOLDEN_MAC = '00:15:65:12:ab:cd';
export const goldenFile = fileURLToPath(new URL('./golden/00156512abcd.cfg', import.meta.url));

export const goldenDevice = device({
  mac: GOLDEN_MAC,
  vendor: 'Yealink',
  model: 'T33G',
  version: '124.86.0.75',
  ip: '10.0.0.50',
});

/** The flattened raw config the host would hand over (configure-time defaults applied). */
export const rawConfig = (overrides: JsonObject = {}): JsonObject =>
  applyConfigureDefaults({
    ip: '10.0.0.1',
    http_port: 8667,
    tftp_port: 69,
    http_base_url: 'http://10.0.0.1:8667',
    ntp_enabled: true,
    ntp_ip: '10.0.0.1',
    vlan_enabled: true,
    vlan_id: 20,
    vlan_priority: 5,
    syslog_enabled: true,
    syslog_ip: '10.0.0.2',
    admin_username: 'admin',
    admin_password: 'S3cret!',
    timezone: 'Europe/Paris',
    locale: 'fr_FR',
    sip_proxy_ip: '10.0.0.1',
    sip_proxy_port: 5060,
    sip_backup_proxy_ip: '10.0.0.9',
    sip_backup_proxy_port: 5060,
    sip_dtmf_mode: 'RTP-out-of-band',
    sip_subscribe_mwi: true,
    exten_voicemail: '*98',
    exten_pickup_call: '*8',
    sip_lines: {
      '1': {
        proxy_ip: '10.0.0.1',
        proxy_port: 5060,
        username: 'abcdefgh',
        password: 'linepass',
        display_name: 'Alice Example',
        number: '1001',
      },
      '2': {
        proxy_ip: '10.0.0.1',
        proxy_port: 5060,
        username: 'ijklmnop',
        password: 'linepass2',
        display_name: 'Alice Second',
        number: '1002',
      },
    },
    funckeys: {
      '3': { type: 'speeddial', value: '1003', label: 'Bob', line: 1 },
      '4': { type: 'blf', value: '1004', label: 'Carol', line: 1 },
      '5': { type: 'park', value: '700', label: 'Park', line: 1 },
    },
    ...overrides,
  });
