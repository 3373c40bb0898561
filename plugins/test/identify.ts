import type { DeviceInfo } from '../../src/domain/device/document.js';
import type { IdentifyRequest, PluginHelpers } from '../../src/plugin-runtime/contract.js';

type MacHelpers = Pick<PluginHelpers, 'normalizeMac' | 'compactMac'>;

export const TEST_VENDOR = 'Test';

/** Header a test client sends: `x-test-device: model=T1; version=1.0; mac=00:11:22:33:44:55`. */
export const TEST_HEADER = 'x-test-device';
/** DHCP vendor class: `provd-test` or `provd-test:<model>`. */
const DHCP_CLASS = /^provd-test(?::(\w+))?$/;
/** Per-device file name, also recognised in requests. */
const DEVICE_FILE = /^test-([0-9a-f]{12})\.cfg$/;
const HEADER_FIELDS = ['model', 'version', 'mac', 'sn', 'uuid'] as const;

export const isDeviceFilename = (filename: string): boolean => DEVICE_FILE.test(filename);

/** Identification and file naming, with the host's MAC helpers. */
export const testIdentification = ({ normalizeMac, compactMac }: MacHelpers) => {
  const deviceFilename = (mac: string): string | undefined => {
    const compact = compactMac(mac);
    return compact === undefined ? undefined : `test-${compact}.cfg`;
  };
  const fromHeader = (header: string): DeviceInfo => {
    const info: { [key: string]: string } = { vendor: TEST_VENDOR };
    for (const pair of header.split(';')) {
      const [name = '', value = ''] = pair.split('=', 2).map((s) => s.trim());
      if (!(HEADER_FIELDS as readonly string[]).includes(name) || value === '') continue;
      if (name === 'mac') {
        const mac = normalizeMac(value);
        if (mac !== undefined) info.mac = mac;
      } else {
        info[name] = value;
      }
    }
    return info;
  };

  const identify = (request: IdentifyRequest): DeviceInfo | undefined => {
    if (request.protocol === 'dhcp') {
      const match = DHCP_CLASS.exec(request.options[60] ?? '');
      if (match === null) return undefined;
      return match[1] === undefined ? { vendor: TEST_VENDOR } : { vendor: TEST_VENDOR, model: match[1] };
    }
    const header = request.headers[TEST_HEADER];
    if (header !== undefined) return fromHeader(header);
    const fileMac = DEVICE_FILE.exec(request.filename)?.[1];
    const mac = fileMac === undefined ? undefined : normalizeMac(fileMac);
    return mac === undefined ? undefined : { vendor: TEST_VENDOR, mac };
  };
  return { identify, deviceFilename };
};
