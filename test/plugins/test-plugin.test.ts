import { describe, expect, it } from 'vitest';
import { applyConfigureDefaults } from '../../src/domain/config/defaults.js';
import { type FileRequest, PluginRenderError, SUPPORT } from '../../src/plugin-runtime/contract.js';
import { device, loadShippedPlugin } from './support/plugins.js';
import { describeVector, identVectors, toRequest } from './support/vectors.js';

const { module: test } = await loadShippedPlugin('test');

const get = (path: string, headers: { readonly [name: string]: string } = {}): FileRequest => ({
  protocol: 'http',
  path,
  filename: path.split('/').at(-1) ?? '',
  clientIp: '10.0.0.5',
  headers,
});

describe('test plugin identification', () => {
  it('reads the x-test-device header', () => {
    const header = 'model=T1; version=1.0; mac=00-11-22-33-44-55; sn=S1; color=red';
    expect(test.identify(get('any.cfg', { 'x-test-device': header }))).toEqual({
      vendor: 'Test',
      model: 'T1',
      version: '1.0',
      mac: '00:11:22:33:44:55',
      sn: 'S1',
    });
    expect(test.identify(get('x', { 'x-test-device': '' }))).toEqual({ vendor: 'Test' });
  });

  it('recognises its own file names over HTTP and TFTP', () => {
    expect(test.identify(get('test-001122334455.cfg'))).toEqual({ vendor: 'Test', mac: '00:11:22:33:44:55' });
    expect(test.identify({ ...get('test-001122334455.cfg'), protocol: 'tftp' })).toEqual({
      vendor: 'Test',
      mac: '00:11:22:33:44:55',
    });
    expect(test.identify(get('001122334455.cfg'))).toBeUndefined();
  });

  it('reads the DHCP vendor class', () => {
    const dhcp = (vendorClass: string) =>
      test.identify({
        protocol: 'dhcp',
        clientIp: '10.0.0.5',
        mac: '00:11:22:33:44:55',
        options: { 60: vendorClass },
      });
    expect(dhcp('provd-test')).toEqual({ vendor: 'Test' });
    expect(dhcp('provd-test:T2')).toEqual({ vendor: 'Test', model: 'T2' });
    expect(dhcp('yealink')).toBeUndefined();
  });

  it('identifies no real phone of ident-vectors.json', () => {
    const claimed = identVectors.filter((row) => test.identify(toRequest(row)) !== undefined);
    expect(claimed.map(describeVector)).toEqual([]);
  });
});

describe('test plugin association', () => {
  it.each([
    [{ vendor: 'Test', model: 'T1', version: '1.0' }, SUPPORT.EXACT],
    [{ vendor: 'Test', model: 'T2', version: '1.0' }, SUPPORT.COMPLETE],
    [{ vendor: 'Test', model: 'T9' }, SUPPORT.PROBABLE],
    [{ vendor: 'Test' }, SUPPORT.PROBABLE],
    [{ vendor: 'Yealink', model: 'T1' }, SUPPORT.NONE],
    [{}, SUPPORT.NONE],
  ])('%j → %d', (info, score) => {
    expect(test.associate(info)).toBe(score);
  });
});

describe('test plugin files', () => {
  const raw = applyConfigureDefaults({
    http_base_url: 'http://10.0.0.1:8667',
    ntp_enabled: true,
    ntp_ip: '10.0.0.2',
    timezone: 'Europe/Paris',
    sip_proxy_ip: '10.0.0.1',
    sip_lines: {
      '2': { username: 'bob', password: 'pw2', display_name: 'Bob' },
      '1': {
        username: 'alice',
        password: 'pw1',
        display_name: 'Alice\nline.1.password=x',
        proxy_ip: '10.0.0.9',
      },
    },
  });
  const dev = device({ mac: '00:11:22:33:44:55', model: 'T1' });

  it('renders the common file', () => {
    expect(test.renderCommon(raw)).toEqual([
      {
        path: 'test-common.cfg',
        content: '# provd test plugin: common file\nserver_url=http://10.0.0.1:8667\n',
      },
    ]);
  });

  it('renders the device file, lines in number order, values on one line', () => {
    expect(test.renderDevice({ device: dev, rawConfig: raw })).toEqual([
      {
        path: 'test-001122334455.cfg',
        content: [
          '# provd test plugin: device dev1',
          'mac=00:11:22:33:44:55',
          'model=T1',
          'ntp=10.0.0.2',
          'timezone=Europe/Paris',
          'line.1.username=alice',
          'line.1.password=pw1',
          'line.1.display_name=Aliceline.1.password=x',
          'line.1.proxy=10.0.0.9',
          'line.2.username=bob',
          'line.2.password=pw2',
          'line.2.display_name=Bob',
          'line.2.proxy=10.0.0.1',
          '',
        ].join('\n'),
      },
    ]);
  });

  it('refuses a device without MAC', () => {
    expect(() => test.renderDevice({ device: device(), rawConfig: raw })).toThrow(PluginRenderError);
  });

  it('has a trigger file, a sensitive-file rule and a check-sync plan', () => {
    expect(test.triggerFilename(dev)).toBe('test-001122334455.cfg');
    expect(test.triggerFilename(device())).toBeUndefined();
    expect(test.isSensitive('test-001122334455.cfg')).toBe(true);
    expect(test.isSensitive('test-common.cfg')).toBe(false);
    expect(test.synchronize(dev, raw)).toEqual({ kind: 'sip-notify', event: 'check-sync' });
  });
});
