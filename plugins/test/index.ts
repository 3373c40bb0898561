import type { DeviceInfo } from '../../src/domain/device/document.js';
import type { JsonObject } from '../../src/domain/shared/json.js';
import type { PluginFactory } from '../../src/plugin-runtime/contract.js';
import { isDeviceFilename, TEST_VENDOR, testIdentification } from './identify.js';

/**
 * A deterministic plugin for provd's own tests, in the spirit of wazo's `test-plugin`
 * (plugins.md §6) but with the whole contract exercised: it identifies requests that say they
 * come from a test device (see identify.ts), claims only those, renders a common file and a
 * `key=value` file per device from doT templates, and plans a `check-sync` NOTIFY.
 */

/** Known models and the firmware version each is "exactly" supported in. */
const MODELS: { readonly [model: string]: string } = { T1: '1.0', T2: '2.0' };

const serverUrl = (raw: JsonObject): string =>
  typeof raw.http_base_url === 'string'
    ? raw.http_base_url
    : `http://${String(raw.ip)}:${String(raw.http_port)}`;

const createTestPlugin: PluginFactory = (runtime) => {
  const { SUPPORT, PluginRenderError, isJsonObject, templates } = runtime;
  const { identify, deviceFilename } = testIdentification(runtime);

  const associate = (info: DeviceInfo): number => {
    if (info.vendor !== TEST_VENDOR) return SUPPORT.NONE; // never competes for real phones
    const target = info.model === undefined ? undefined : MODELS[info.model];
    if (target === undefined) return SUPPORT.PROBABLE;
    return info.version === target ? SUPPORT.EXACT : SUPPORT.COMPLETE;
  };

  /** SIP lines sorted by number, as `{number, line}` for the template. */
  const sipLines = (raw: JsonObject): { number: string; line: JsonObject }[] =>
    Object.entries(isJsonObject(raw.sip_lines) ? raw.sip_lines : {})
      .filter((entry): entry is [string, JsonObject] => isJsonObject(entry[1]))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([number, line]) => ({ number, line }));

  return {
    identify,
    associate,
    renderCommon: (base) => [
      { path: 'test-common.cfg', content: templates.render('common.cfg', { serverUrl: serverUrl(base) }) },
    ],
    renderDevice: ({ device, rawConfig }) => {
      const path = device.mac === undefined ? undefined : deviceFilename(device.mac);
      if (path === undefined) throw new PluginRenderError('device has no MAC address');
      const content = templates.render('device.cfg', { device, raw: rawConfig, lines: sipLines(rawConfig) });
      return [{ path, content }];
    },
    triggerFilename: (device) => (device.mac === undefined ? undefined : deviceFilename(device.mac)),
    isSensitive: isDeviceFilename,
    synchronize: () => ({ kind: 'sip-notify', event: 'check-sync' }),
  };
};

export default createTestPlugin;
