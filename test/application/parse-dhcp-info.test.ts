import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  decodeOption,
  normalizeIpv4,
  normalizeMac,
  parseDhcpInfo,
} from '../../src/application/dhcp/parse-dhcp-info.js';

const body = (info: Record<string, unknown>) => ({ dhcp_info: info });

describe('parseDhcpInfo', () => {
  it('decodes a commit with provd option encoding', () => {
    const parsed = parseDhcpInfo(
      body({ op: 'commit', ip: '10.0.0.5', mac: '00-15-65-AA-BB-CC', options: ['06041.61.73.74.72.61'] }),
    );
    expect(parsed).toEqual(
      E.right({
        kind: 'commit',
        request: {
          protocol: 'dhcp',
          clientIp: '10.0.0.5',
          mac: '00:15:65:aa:bb:cc',
          options: { 60: 'Aastra' },
        },
      }),
    );
  });

  it('accepts and ignores expiry and release', () => {
    expect(parseDhcpInfo(body({ op: 'expiry', ip: '10.0.0.5' }))).toEqual(E.right({ kind: 'ignored' }));
    expect(parseDhcpInfo(body({ op: 'release', ip: '10.0.0.5' }))).toEqual(E.right({ kind: 'ignored' }));
  });

  it.each([
    [{}, 'missing "dhcp_info" object'],
    [body({ ip: '10.0.0.1' }), 'missing "op" key'],
    [body({ op: 'commit' }), 'missing "ip" key'],
    [body({ op: 'commit', ip: '300.1.1.1' }), 'invalid IP address 300.1.1.1'],
    [body({ op: 'renew', ip: '10.0.0.1' }), 'invalid operation value'],
    [body({ op: 'commit', ip: '10.0.0.1', options: [] }), 'missing "mac" key'],
    [
      body({ op: 'commit', ip: '10.0.0.1', mac: 'zz:00:00:00:00:00', options: [] }),
      'invalid MAC address zz:00:00:00:00:00',
    ],
    [body({ op: 'commit', ip: '10.0.0.1', mac: '001565aabbcc' }), 'missing "options" key'],
    [
      body({ op: 'commit', ip: '10.0.0.1', mac: '001565aabbcc', options: ['60.41'] }),
      'invalid option "60.41"',
    ],
    [body({ op: 'commit', ip: '10.0.0.1', mac: '001565aabbcc', options: [60] }), 'invalid option 60'],
  ])('refuses %j with a clear message', (input, message) => {
    expect(parseDhcpInfo(input)).toEqual(E.left(message));
  });
});

describe('normalizeIpv4', () => {
  it.each([
    ['10.1', '10.0.0.1'],
    ['10.1.2', '10.1.0.2'],
    ['10.1.2.3', '10.1.2.3'],
    ['167772161', '10.0.0.1'],
    [' 192.168.1.1 ', '192.168.1.1'],
  ])('%s → %s', (input, expected) => expect(normalizeIpv4(input)).toBe(expected));

  it.each(['', '1.2.3.4.5', '256.1.1.1', '10.16777216', '1.2.65536', 'a.b.c.d', '-1.0.0.0', '1..2'])(
    'refuses %j',
    (input) => expect(normalizeIpv4(input)).toBeUndefined(),
  );
});

describe('normalizeMac', () => {
  it.each([
    ['00:15:65:AA:BB:CC', '00:15:65:aa:bb:cc'],
    ['0-15-65-a-bb-c', '00:15:65:0a:bb:0c'],
    ['001565AABBCC', '00:15:65:aa:bb:cc'],
  ])('%s → %s', (input, expected) => expect(normalizeMac(input)).toBe(expected));

  it.each(['', '00:15:65:aa:bb', '00:15:65:aa:bb:cc:dd', '001:15:65:aa:bb:cc', 'gg:15:65:aa:bb:cc'])(
    'refuses %j',
    (input) => expect(normalizeMac(input)).toBeUndefined(),
  );
});

describe('decodeOption', () => {
  it('decodes code and bytes', () => {
    expect(decodeOption('06059.65.61.6c.69.6e.6b')).toEqual({ code: 60, value: 'Yealink' });
    expect(decodeOption('012')).toEqual({ code: 12, value: '' });
  });
  it('refuses codes over 255 and malformed bytes', () => {
    expect(decodeOption('300')).toBeUndefined();
    expect(decodeOption('060zz')).toBeUndefined();
    expect(decodeOption('060123.4')).toBeUndefined();
  });
});
