import { describe, expect, it } from 'vitest';
import { yealinkIdentify } from '../../../plugins/yealink/identify.js';
import type { FileRequest } from '../../../src/plugin-runtime/contract.js';
import { PLUGIN_HELPERS } from '../../../src/plugin-runtime/runtime.js';
import { describeVector, type IdentVector, identVectors, toRequest } from '../support/vectors.js';

const identify = yealinkIdentify(PLUGIN_HELPERS);

const yealinkRows = identVectors.filter((row) => row.vendor === 'Yealink');
const otherRows = identVectors.filter((row) => row.vendor !== 'Yealink');

/** A vector's `expected` as a DeviceInfo: null means "key absent". */
const expectedInfo = (row: IdentVector): { [key: string]: string } => {
  const info: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(row.expected)) if (value !== null) info[key] = value;
  // wazo's v82–v85 plugins reported only the MAC for a MAC-named file; we follow v86/v87, which
  // also report the vendor (the prefix is one of Yealink's), see plugins/yealink/README.md.
  if (row.user_agent === null && row.expected.vendor === null && row.expected.mac !== null) {
    info.vendor = 'Yealink';
  }
  return info;
};

describe('Yealink identification: every Yealink row of ident-vectors.json', () => {
  it('has the rows we expect', () => {
    expect(yealinkRows).toHaveLength(61);
  });

  it.each(yealinkRows.map((row) => [describeVector(row), row] as const))('%s', (_, row) => {
    expect(identify(toRequest(row))).toEqual(expectedInfo(row));
  });
});

describe('Yealink identification leaves other vendors alone', () => {
  it.each(otherRows.map((row) => [`${row.vendor}: ${describeVector(row)}`, row] as const))('%s', (_, row) => {
    expect(identify(toRequest(row))).toBeUndefined();
  });
});

describe('Yealink identification from file names', () => {
  const get = (path: string, headers: { readonly [name: string]: string } = {}): FileRequest => ({
    protocol: 'http',
    path,
    filename: path.split('/').at(-1) ?? '',
    clientIp: '10.0.0.5',
    headers,
  });

  it.each([
    ['805EC0D57D72.cfg', '80:5e:c0:d5:7d:72'],
    ['44dbd2bdb569.boot', '44:db:d2:bd:b5:69'],
    ['f01653000001-local.cfg', 'f0:16:53:00:00:01'],
  ])('%s → vendor and MAC', (path, mac) => {
    expect(identify(get(path))).toEqual({ vendor: 'Yealink', mac });
  });

  it.each([
    ['a MAC of another vendor', '000b82462d97.cfg'],
    ['a file below the root', 'sub/001565aabbcc.cfg'],
    ['another extension', '001565aabbcc.xml'],
    ['an unknown common file', 'y000000000099.cfg'],
  ])('nothing from %s', (_, path) => {
    expect(identify(get(path))).toBeUndefined();
  });

  it('reads only the User-Agent when there is one', () => {
    expect(identify(get('001565aabbcc.cfg', { 'user-agent': 'Mozilla/5.0' }))).toBeUndefined();
  });

  it('says nothing about TFTP and DHCP requests', () => {
    expect(identify({ ...get('001565aabbcc.cfg'), protocol: 'tftp' })).toBeUndefined();
    expect(
      identify({
        protocol: 'dhcp',
        clientIp: '1.2.3.4',
        mac: '00:15:65:aa:bb:cc',
        options: { 60: 'yealink' },
      }),
    ).toBeUndefined();
  });
});
