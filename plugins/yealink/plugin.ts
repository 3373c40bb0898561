import type { DeviceInfo } from '../../src/domain/device/document.js';
import type { PluginHelpers, PluginModule, PluginRuntime } from '../../src/plugin-runtime/contract.js';
import { deriveCommonFiles } from './derive/common.js';
import { deriveConfig } from './derive/derive.js';
import { deriveServerUrl } from './derive/settings.js';
import { VENDOR, yealinkIdentify } from './identify.js';
import { knownModel } from './models.js';

/** What the plugin uses of its runtime. */
export type YealinkRuntime = PluginHelpers & Pick<PluginRuntime, 'templates'>;

export interface YealinkPluginOptions {
  /** The clock deciding which year's DST dates are written (tests pin it). */
  readonly now?: () => Date;
}

/** Per-device files are `<mac>.cfg`, lower-case MAC without separators. */
const SENSITIVE_FILE = /^[0-9a-f]{12}\.cfg$/;

export const createYealinkPlugin = (
  runtime: YealinkRuntime,
  { now = () => new Date() }: YealinkPluginOptions = {},
): PluginModule => {
  const { SUPPORT, PluginRenderError, compactMac, templates } = runtime;

  const deviceFilename = (mac: string | undefined): string | undefined => {
    const compact = mac === undefined ? undefined : compactMac(mac);
    return compact === undefined ? undefined : `${compact}.cfg`;
  };

  /** provd's scale: EXACT at the family's target firmware, COMPLETE at another one (plugins.md §3.3). */
  const associate = (info: DeviceInfo): number => {
    if (info.vendor === undefined) return SUPPORT.UNKNOWN;
    if (info.vendor !== VENDOR) return SUPPORT.IMPROBABLE;
    const known = knownModel(info.model);
    if (known === undefined) return SUPPORT.PROBABLE;
    return info.version === known.family.firmware ? SUPPORT.EXACT : SUPPORT.COMPLETE;
  };

  return {
    identify: yealinkIdentify(runtime),
    associate,
    // Without a boot file a phone asks for the common file of its hardware ID, then for
    // `<mac>.cfg` (common-files.ts). wazo's current plugins write none (filename-vectors.json);
    // ours carry the provisioning URL so that a phone keeps it (README.md, "Common files").
    renderCommon: (baseRawConfig) =>
      deriveCommonFiles(baseRawConfig).map(({ path, config }) => ({
        path,
        content: templates.render('common.cfg', config),
      })),
    renderDevice: ({ device, rawConfig }) => {
      if (device.mac === undefined) throw new PluginRenderError('device has no MAC address');
      const mac = compactMac(device.mac);
      if (mac === undefined) throw new PluginRenderError(`device MAC address "${device.mac}" is not valid`);
      const serverUrl = deriveServerUrl(rawConfig);
      if (serverUrl === undefined) {
        throw new PluginRenderError(
          'Yealink phones are provisioned over HTTP: the config has no http_base_url',
        );
      }
      const config = deriveConfig({
        device,
        rawConfig,
        mac,
        serverUrl,
        year: now().getUTCFullYear(),
        zones: runtime,
      });
      return [{ path: `${mac}.cfg`, content: templates.render('device.cfg', config) }];
    },
    triggerFilename: (device) => deviceFilename(device.mac),
    isSensitive: (filename) => SENSITIVE_FILE.test(filename),
    synchronize: () => ({ kind: 'sip-notify', event: 'check-sync' }),
  };
};
