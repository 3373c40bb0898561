import type { DeviceInfo } from '../../src/domain/device/document.js';
import type { IdentifyRequest, PluginHelpers } from '../../src/plugin-runtime/contract.js';

export const VENDOR = 'Yealink';

/**
 * User-Agent shapes of Yealink phones (examples in the tests):
 *   `Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37`   desk phones (also `yealink`, lower-case)
 *   `Yealink SIP VP-T49G 51.80.0.10 00:15:65:9b:5a:44`   video phone, `VP-` dropped
 *   `Yealink W90DM 130.87.0.10 80:5e:c0:d9:c7:44`     DECT bases, CP conference phones, AX
 *   `VP530P 23.70.0.40 00:15:65:31:4b:c0`, `W52P 25.30.0.2 …`   old firmwares without the brand
 *   `Yealink-T46G 28.71.0.81 28.1.0.128.0.0.0`        old format: the last field is no MAC
 * Groups: model, version, MAC.
 */
const BRANDED_UA = /^[yY]ealink\s+(?:SIP(?: VP)?-)?(\w+)\s+([\d.]+)\s+([\da-fA-F:]{17})$/;
const UNBRANDED_UA = /^(VP530P?|W52P|W60B)\s+([\d.]+)\s+([\da-fA-F:]{17})$/;
const OLD_UA = /^[yY]ealink-(\w+)\s+([\d.]+)\s+[\d.]+$/;

/** Yealink's MAC prefixes: a request for `<mac>.cfg` with one of them is a Yealink phone. */
const OUIS = new Set([
  '001565',
  'e434d7',
  '805ec0',
  '805e0c',
  '249ad8',
  '3497d7',
  '44dbd2',
  '644f56',
  'b061a9',
  'c4fc22',
  'ec1da9',
  'f01653',
]);

/** Files a phone asks for before the server knows it: `<mac>.cfg`, `<mac>.boot`, `<mac>-local.cfg`. */
const MAC_FILE = /^([0-9a-fA-F]{12})(?:\.boot|\.cfg|-local\.cfg)$/;

/**
 * Common files `y0000000000<id>.cfg` name the hardware: the ids we know the model of. (The
 * other ids identify nothing: the phone asks for its MAC file next anyway.)
 */
const COMMON_FILE = /^y0000000000([0-9a-fA-F]{2})\.cfg$/;
const COMMON_FILE_MODELS: { readonly [id: string]: string } = { '25': 'W52P' };

/**
 * Yealink phones are provisioned over HTTP only. When the request has a User-Agent only the UA
 * is read (a browser or proxy asking for a MAC-named file is not a phone); otherwise the file
 * name. DHCP requests say nothing Yealink-specific (wazo's DHCP config classifies Yealink by
 * MAC prefix, not vendor class).
 *
 * Built with the host's MAC helpers.
 */
export const yealinkIdentify = ({
  normalizeMac,
}: Pick<PluginHelpers, 'normalizeMac'>): ((request: IdentifyRequest) => DeviceInfo | undefined) => {
  const fromUserAgent = (ua: string): DeviceInfo | undefined => {
    const match = BRANDED_UA.exec(ua) ?? UNBRANDED_UA.exec(ua);
    if (match !== null) {
      const [, model = '', version = '', rawMac = ''] = match;
      const mac = normalizeMac(rawMac);
      return mac === undefined ? { vendor: VENDOR, model, version } : { vendor: VENDOR, model, version, mac };
    }
    const old = OLD_UA.exec(ua);
    return old === null ? undefined : { vendor: VENDOR, model: old[1] ?? '', version: old[2] ?? '' };
  };

  const fromFilename = (path: string): DeviceInfo | undefined => {
    // Only files at the root of the doc root: that is where the phones look.
    if (path.includes('/')) return undefined;
    const macFile = MAC_FILE.exec(path)?.[1]?.toLowerCase();
    if (macFile !== undefined && OUIS.has(macFile.slice(0, 6))) {
      const mac = normalizeMac(macFile);
      return mac === undefined ? undefined : { vendor: VENDOR, mac };
    }
    const commonId = COMMON_FILE.exec(path)?.[1];
    const model = commonId === undefined ? undefined : COMMON_FILE_MODELS[commonId];
    return model === undefined ? undefined : { vendor: VENDOR, model };
  };

  return (request: IdentifyRequest): DeviceInfo | undefined => {
    if (request.protocol !== 'http') return undefined;
    const ua = request.headers['user-agent'];
    if (ua !== undefined && ua !== '') return fromUserAgent(ua);
    return fromFilename(request.path);
  };
};
