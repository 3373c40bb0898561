import { describe, expect, it } from 'vitest';
import { clientIpFrom, normaliseIp } from '../../src/adapters/phone-http/client-ip.js';

describe('normaliseIp', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    [' 1.2.3.4 ', '1.2.3.4'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['1.2.3.4:5060', '1.2.3.4'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['[::1]', '::1'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%s → %s', (text, ip) => {
    expect(normaliseIp(text)).toBe(ip);
  });

  it.each(['unknown', '', '1.2.3', '999.1.1.1', '[::1', 'evil.example'])('%s is not an address', (text) => {
    expect(normaliseIp(text)).toBeUndefined();
  });
});

describe('clientIpFrom', () => {
  const peer = '::ffff:192.0.2.10';

  it('uses the TCP peer with 0 trusted proxies, whatever X-Forwarded-For says', () => {
    expect(clientIpFrom('6.6.6.6', peer, 0)).toEqual({ ip: '192.0.2.10' });
    expect(clientIpFrom(undefined, '::1', 0)).toEqual({ ip: '::1' });
  });

  it('takes the N-th entry from the right', () => {
    expect(clientIpFrom('6.6.6.6, 10.0.0.5', peer, 1)).toEqual({ ip: '10.0.0.5' });
    expect(clientIpFrom('6.6.6.6, 10.0.0.5, 172.16.0.1', peer, 2)).toEqual({ ip: '10.0.0.5' });
    expect(clientIpFrom('10.0.0.5,172.16.0.1', peer, 2)).toEqual({ ip: '10.0.0.5' });
  });

  it('takes the left-most entry when there are fewer than N', () => {
    expect(clientIpFrom('10.0.0.5', peer, 2)).toEqual({ ip: '10.0.0.5' });
    expect(clientIpFrom('::ffff:10.0.0.5, 172.16.0.1', peer, 5)).toEqual({ ip: '10.0.0.5' });
  });

  it('falls back to the peer when the header is missing, empty or not an address', () => {
    expect(clientIpFrom(undefined, peer, 1)).toEqual({ ip: '192.0.2.10', fallback: 'missing-header' });
    expect(clientIpFrom(' , ', peer, 1)).toEqual({ ip: '192.0.2.10', fallback: 'missing-header' });
    expect(clientIpFrom('1.1.1.1, unknown', peer, 1)).toEqual({
      ip: '192.0.2.10',
      fallback: 'invalid-entry',
    });
  });
});
