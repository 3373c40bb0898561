import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../src/domain/device/document.js';
import type { DhcpRequest, FileRequest } from '../../src/plugin-runtime/contract.js';
import { extractInfo } from '../../src/plugin-runtime/identification.js';
import { recordingLogger, stubPlugin } from './support/stubs.js';

const http: FileRequest = {
  protocol: 'http',
  path: 'x.cfg',
  filename: 'x.cfg',
  clientIp: '10.0.0.5',
  headers: { 'user-agent': 'Phone' },
};
const says = (id: string, version: string, info: DeviceInfo) =>
  stubPlugin(id, version, { identify: () => info });

describe('extractInfo', () => {
  it('merges by majority vote per key', () => {
    const info = extractInfo(http, [
      says('a', '1.0', { vendor: 'Yealink', model: 'T46G' }),
      says('b', '1.0', { vendor: 'Yealink', model: 'T46S', version: '66.86.0.15' }),
      says('c', '1.0', { vendor: 'Acme', model: 'T46S' }),
    ]);
    expect(info).toEqual({ vendor: 'Yealink', model: 'T46S', version: '66.86.0.15', ip: '10.0.0.5' });
  });

  it('breaks a tie with the value of the highest-version plugin, then the greatest id', () => {
    const plugins = [
      says('old', '1.9.2', { model: 'T46G' }),
      says('new', '1.10.0', { model: 'T46S' }),
      says('zz', '1.0', { version: '1' }),
      says('aa', '1.0', { version: '2' }),
    ];
    expect(extractInfo(http, plugins)).toMatchObject({ model: 'T46S', version: '1' });
  });

  it('gives the same result whatever the plugin order', () => {
    const value = fc.constantFrom('x', 'y', 'z');
    const plugin = fc.record({
      id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'),
      version: fc.constantFrom('1.0', '1.10', '1.9'),
      model: value,
      vendor: value,
    });
    const pluginsAndPermutation = fc
      .uniqueArray(plugin, { selector: (p) => p.id })
      .chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length })));
    fc.assert(
      fc.property(pluginsAndPermutation, ([ps, permuted]) => {
        const handles = (list: typeof ps) =>
          list.map((p) => says(p.id, p.version, { model: p.model, vendor: p.vendor }));
        expect(extractInfo(http, handles(permuted))).toEqual(extractInfo(http, handles(ps)));
      }),
    );
  });

  it('always takes the ip from the request, and the MAC of a DHCP lease', () => {
    const liar = says('liar', '1.0', { ip: '6.6.6.6', mac: '66:66:66:66:66:66', vendor: 'V' });
    expect(extractInfo(http, [liar])).toEqual({ ip: '10.0.0.5', mac: '66:66:66:66:66:66', vendor: 'V' });
    const dhcp: DhcpRequest = {
      protocol: 'dhcp',
      clientIp: '10.0.0.7',
      mac: '00:15:65:12:ab:cd',
      options: {},
    };
    expect(extractInfo(dhcp, [liar])).toEqual({ ip: '10.0.0.7', mac: '00:15:65:12:ab:cd', vendor: 'V' });
  });

  it('gives just the ip when no plugin recognises the request', () => {
    expect(extractInfo(http, [stubPlugin('mute', '1')])).toEqual({ ip: '10.0.0.5' });
    expect(extractInfo(http, [])).toEqual({ ip: '10.0.0.5' });
  });

  it('isolates a throwing plugin: the others still identify, the error is logged with its id', () => {
    const logger = recordingLogger();
    const plugins = [
      stubPlugin('broken', '9.0', {
        identify: () => {
          throw new Error('cannot normalize MAC "1"');
        },
      }),
      says('good', '1.0', { vendor: 'Snom', model: '870' }),
    ];
    expect(extractInfo(http, plugins, logger)).toEqual({ vendor: 'Snom', model: '870', ip: '10.0.0.5' });
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        details: {
          plugin: 'broken',
          function: 'identify',
          error: 'cannot normalize MAC "1"',
          protocol: 'http',
        },
        message: 'plugin broken: identify threw; treated as no answer',
      },
    ]);
  });
});
