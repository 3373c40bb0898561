import * as E from 'fp-ts/lib/Either.js';
import type { ActivePlugin, ActivePlugins } from '../../../src/application/plugins/active-plugins.js';
import type { DeviceInfo } from '../../../src/domain/device/document.js';
import { isJsonObject } from '../../../src/domain/shared/json.js';
import type { IdentifyRequest } from '../../../src/plugin-runtime/contract.js';

const macFromName = (name: string): string | undefined => {
  const m = /^([0-9a-f]{12})\.cfg$/.exec(name);
  return m ? m[1]!.match(/../g)!.join(':') : undefined;
};

/**
 * A small but real plugin for the application's tests: identifies `TestPhone <model> <version>
 * <mac>` user agents and `<mac>.cfg` file names, renders a `key=value` file per device with its
 * first SIP line, refuses devices without a MAC.
 */
export const testPluginHandle = (
  overrides: Partial<ActivePlugin> & { docRoot?: string } = {},
): ActivePlugin => ({
  id: 'testphone',
  version: '1.0.0',
  docRoot: overrides.docRoot ?? '/nonexistent',
  identify(request: IdentifyRequest): DeviceInfo | undefined {
    if (request.protocol === 'dhcp')
      return request.options[60] === 'TestPhone' ? { vendor: 'TestVendor' } : undefined;
    const ua = /^TestPhone (\S+) (\S+) ([0-9a-f:]{17})$/.exec(request.headers['user-agent'] ?? '');
    if (ua) return { vendor: 'TestVendor', model: ua[1]!, version: ua[2]!, mac: ua[3]! };
    const mac = macFromName(request.filename);
    return mac ? { mac } : undefined;
  },
  associate: (info) => (info.vendor === 'TestVendor' ? 500 : 100),
  renderDevice({ device, rawConfig }) {
    if (device.mac === undefined) return E.left('device has no MAC address');
    const lines = isJsonObject(rawConfig.sip_lines) ? rawConfig.sip_lines : {};
    const line = isJsonObject(lines['1']) ? lines['1'] : {};
    const content = [
      `mac=${device.mac}`,
      `username=${String(line.username ?? '')}`,
      `display_name=${String(line.display_name ?? '')}`,
      `ntp=${String(rawConfig.ntp_ip ?? '')}`,
      '',
    ].join('\n');
    return E.right([{ path: `${device.mac.replaceAll(':', '')}.cfg`, content }]);
  },
  renderCommon: (base) =>
    E.right([{ path: 'common.cfg', content: `server=${String(base.http_base_url)}\n` }]),
  triggerFilename: (device) => (device.mac ? `${device.mac.replaceAll(':', '')}.cfg` : undefined),
  isSensitive: (name) => /^[0-9a-f]{12}\.cfg$/.test(name),
  synchronize: () => ({ kind: 'sip-notify', event: 'check-sync' }),
  ...overrides,
});

export const pluginSetOf = (...handles: ActivePlugin[]): ActivePlugins => ({
  get: (id) => handles.find((h) => h.id === id),
  all: () => handles,
});
