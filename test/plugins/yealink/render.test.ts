import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { PluginRenderError } from '../../../src/plugin-runtime/contract.js';
import { safeRenderDevice } from '../../../src/plugin-runtime/isolate.js';
import { silentLogger } from '../../../src/plugin-runtime/logger.js';
import { device, loadShippedPlugin } from '../support/plugins.js';
import { GOLDEN_MAC, goldenDevice, goldenFile, rawConfig, yealinkAt2025 } from './fixtures.js';

const yealink = await yealinkAt2025();

const render = (raw: JsonObject = rawConfig(), dev = goldenDevice): string => {
  const files = yealink.renderDevice({ device: dev, rawConfig: raw });
  expect(files.map((f) => f.path)).toEqual(['00156512abcd.cfg']);
  return files[0]?.content ?? '';
};

/** The `key = value` pairs of a rendered file (later keys win, like on the phone). */
const keys = (content: string): Map<string, string> =>
  new Map(
    content
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => {
        const at = l.indexOf(' = ');
        return [l.slice(0, at), l.slice(at + 3)] as const;
      }),
  );

describe('Yealink device file', () => {
  it('matches the golden file byte for byte', async () => {
    expect(render()).toBe(await readFile(goldenFile, 'utf8'));
  });

  it('is the same from the shipped plugin (which uses the current year)', async () => {
    const shipped = await loadShippedPlugin('yealink');
    const files = shipped.module.renderDevice({ device: goldenDevice, rawConfig: rawConfig() });
    expect(files[0]?.content).toBe(await readFile(goldenFile, 'utf8'));
  });

  it('starts with the version line and has only comments and `key = value` lines', () => {
    const content = render();
    expect(content.startsWith('#!version:1.0.0.1\n')).toBe(true);
    for (const line of content.split('\n').filter((l) => l !== '')) {
      expect(line).toMatch(/^(#.*|[a-z_]+(\.[a-z0-9_]+)+ = .*)$/);
    }
  });

  it('never lets a value add a line: CR/LF in any value are removed', () => {
    const injected = 'Bob\nsip.account.1.password = stolen';
    const content = render(
      rawConfig({
        admin_password: 'pw\r\nstatic.security.user_password = admin:owned',
        sip_lines: {
          '1': { proxy_ip: '10.0.0.1', username: 'u\nx = y', password: 'p', display_name: injected },
        },
        funckeys: { '2': { type: 'speeddial', value: '1\n2', label: 'L\rM' } },
      }),
    );
    expect(keys(content).get('account.1.display_name')).toBe('Bobsip.account.1.password = stolen');
    expect(content).not.toMatch(/^sip\.account\.1\.password/m);
    expect(content).not.toMatch(/^x = y/m);
    expect(content).not.toMatch(/^static\.security\.user_password = admin:owned/m);
    expect(keys(content).get('linekey.2.value')).toBe('12');
    expect(keys(content).get('linekey.2.label')).toBe('LM');
    expect(content).not.toContain('\r');
  });

  it('refuses a device without MAC with a PluginRenderError', () => {
    const input = { device: device({ model: 'T33G' }), rawConfig: rawConfig() };
    expect(() => yealink.renderDevice(input)).toThrow(PluginRenderError);
    expect(() => yealink.renderDevice(input)).toThrow('device has no MAC address');
    expect(
      safeRenderDevice(
        {
          manifest: { id: 'yealink', version: '1', vendor: 'Yealink', description: 'd', capabilities: {} },
          module: yealink,
        },
        input,
        silentLogger,
      ),
    ).toEqual(E.left({ pluginId: 'yealink', kind: 'unconfigurable', message: 'device has no MAC address' }));
  });

  it('refuses an invalid MAC and a config without HTTP provisioning', () => {
    expect(() => yealink.renderDevice({ device: device({ mac: 'zz' }), rawConfig: rawConfig() })).toThrow(
      PluginRenderError,
    );
    const noHttp = rawConfig({ http_base_url: null, http_port: null });
    expect(() => yealink.renderDevice({ device: goldenDevice, rawConfig: noHttp })).toThrow(
      /provisioned over HTTP/,
    );
  });

  it('builds the server URL from ip and http_port without http_base_url', () => {
    const content = render(rawConfig({ http_base_url: null }));
    expect(keys(content).get('static.auto_provision.server.url')).toBe('http://10.0.0.1:8667');
  });

  it('maps transport, DTMF and SRTP to Yealink codes, a line overriding the config', () => {
    const content = render(
      rawConfig({
        sip_transport: 'tls',
        sip_dtmf_mode: 'SIP-INFO',
        sip_srtp_mode: 'required',
        sip_lines: {
          '1': { proxy_ip: 'a', username: 'u1', dtmf_mode: 'RTP-in-band', srtp_mode: 'preferred' },
          '2': { proxy_ip: 'b', username: 'u2' },
        },
      }),
    );
    const k = keys(content);
    expect([
      k.get('account.1.sip_server.1.transport_type'),
      k.get('account.2.sip_server.2.transport_type'),
    ]).toEqual(['2', '2']);
    expect([k.get('account.1.dtmf.type'), k.get('account.2.dtmf.type')]).toEqual(['0', '2']);
    expect([k.get('account.1.srtp_encryption'), k.get('account.2.srtp_encryption')]).toEqual(['1', '2']);
  });

  it('writes the outbound proxy and leaves DTMF alone when no mode is set', () => {
    const content = render(
      rawConfig({ sip_dtmf_mode: null, sip_outbound_proxy_ip: '10.0.0.99', sip_outbound_proxy_port: 5070 }),
    );
    const k = keys(content);
    expect(k.get('account.1.outbound_proxy_enable')).toBe('1');
    expect(k.get('account.1.outbound_proxy.1.address')).toBe('10.0.0.99');
    expect(k.get('account.1.outbound_proxy.1.port')).toBe('5070');
    expect(k.has('account.1.dtmf.type')).toBe(false);
  });

  it('turns features off explicitly when they are disabled', () => {
    const content = render(
      rawConfig({
        vlan_enabled: false,
        syslog_enabled: false,
        ntp_enabled: false,
        sip_backup_proxy_ip: null,
      }),
    );
    const k = keys(content);
    expect(k.get('static.network.vlan.internet_port_enable')).toBe('0');
    expect(k.get('static.syslog.enable')).toBe('0');
    expect(k.get('local_time.ntp_server1')).toBe('pool.ntp.org');
    expect(k.get('account.1.sip_server.2.address')).toBe('%NULL%');
  });

  it('writes the PC port VLAN and syslog level', () => {
    const k = keys(render(rawConfig({ vlan_pc_port_id: 30, syslog_level: 'debug', syslog_port: 1514 })));
    expect(k.get('static.network.vlan.pc_port_enable')).toBe('1');
    expect(k.get('static.network.vlan.pc_port_vid')).toBe('30');
    expect(k.get('static.syslog.level')).toBe('7');
    expect(k.get('static.syslog.server_port')).toBe('1514');
  });

  it.each([
    ['Asia/Kolkata', { 'local_time.time_zone': '+5:30', 'local_time.summer_time': '0' }],
    [
      'America/New_York',
      {
        'local_time.time_zone': '-5',
        'local_time.start_time': '3/2/7/2',
        'local_time.end_time': '11/1/7/2',
        'local_time.offset_time': '60',
      },
    ],
    ['Australia/Sydney', { 'local_time.time_zone': '+10', 'local_time.start_time': '10/1/7/2' }],
    ['Pacific/Kiritimati', { 'local_time.time_zone': '+12' }],
  ])('writes the %s time zone', (timezone, expected) => {
    const k = keys(render(rawConfig({ timezone })));
    for (const [key, value] of Object.entries(expected)) expect(k.get(key)).toBe(value);
  });

  it('writes no time zone for an unknown zone', () => {
    expect(render(rawConfig({ timezone: 'Nowhere/Land' }))).not.toContain('local_time.time_zone');
  });

  it.each([
    ['en_US', 'English', 'United States'],
    ['de_DE', 'German', 'Germany'],
    ['fr_CA', 'French', 'United States'],
    ['fr_BE', 'French', undefined],
  ])('maps the locale %s', (locale, language, tones) => {
    const k = keys(render(rawConfig({ locale })));
    expect([k.get('lang.gui'), k.get('lang.wui'), k.get('voice.tone.country')]).toEqual([
      language,
      language,
      tones,
    ]);
  });

  it('writes no language for an unknown locale', () => {
    expect(render(rawConfig({ locale: 'xx_XX' }))).not.toContain('lang.gui');
  });

  it('writes the user credentials and wazo remote phonebook', () => {
    const k = keys(
      render(
        rawConfig({
          user_username: 'user',
          user_password: 'u53r',
          X_xivo_phonebook_ip: '10.0.0.3',
          X_xivo_user_uuid: 'abc-123',
        }),
      ),
    );
    expect(k.get('static.security.user_name.user')).toBe('user');
    expect(keys(render(rawConfig({ user_password: 'u53r' }))).get('static.security.user_password')).toBe(
      'user:u53r',
    );
    expect(k.get('remote_phonebook.data.1.url')).toBe(
      'http://10.0.0.3:9498/0.1/directories/lookup/default/yealink?xivo_user_uuid=abc-123&term=#SEARCH',
    );
  });

  it('renders X_ keys only through a documented derivation', () => {
    const content = render(
      rawConfig({ X_custom: 'leaked-value', X_key: 'xivo', 'X_account.1.password': 'x' }),
    );
    expect(content).not.toContain('leaked-value');
    expect(content).not.toContain('X_');
  });

  it('renders the shared autoprov line like any line', () => {
    const autoprov = rawConfig({
      sip_lines: {
        '1': {
          proxy_ip: '10.0.0.1',
          username: 'apmy3v2ktl',
          password: 'lfmw1eg8rh',
          display_name: 'Autoprov',
          number: 'autoprov',
        },
      },
      funckeys: {},
    });
    const k = keys(render(autoprov));
    expect(k.get('account.1.enable')).toBe('1');
    expect(k.get('account.1.user_name')).toBe('apmy3v2ktl');
    expect(k.get('account.1.auth_name')).toBe('apmy3v2ktl');
    expect(k.get('account.1.password')).toBe('lfmw1eg8rh');
    expect(k.get('account.1.label')).toBe('autoprov');
    expect(k.get('account.2.enable')).toBe('0');
    expect(k.get('linekey.1.type')).toBe('15');
    expect(k.get('linekey.2.type')).toBe('0');
  });

  it('fills the line keys, then the expansion modules, of a T54W', () => {
    const content = render(
      rawConfig({
        funckeys: { '28': { type: 'blf', value: '2000' }, '207': { type: 'speeddial', value: '9' } },
      }),
      { ...goldenDevice, model: 'T54W', version: '96.87.0.15' },
    );
    const k = keys(content);
    expect(k.get('linekey.27.type')).toBe('0');
    expect(k.get('expansion_module.1.key.1.type')).toBe('16');
    expect(k.get('expansion_module.1.key.1.label')).toBe('%NULL%');
    expect(k.get('expansion_module.3.key.60.type')).toBe('13');
    expect(k.has('expansion_module.4.key.1.type')).toBe(false);
    expect(k.get('account.16.enable')).toBe('0');
    expect(k.has('account.17.enable')).toBe(false);
  });

  it('drops lines beyond the model accounts and resets unknown funckey types', () => {
    const content = render(
      rawConfig({
        sip_lines: { '1': { proxy_ip: 'a', username: 'u1' }, '5': { proxy_ip: 'a', username: 'u5' } },
        funckeys: { '3': { type: 'intercom', value: '1' } },
      }),
    );
    const k = keys(content);
    expect(k.has('account.5.enable')).toBe(false);
    expect(k.get('linekey.3.type')).toBe('0');
    expect(k.get('linekey.5.type')).toBe('0'); // line 5 does not exist on a T33G
  });

  it('writes only the configured lines and keys of an unknown Yealink model', () => {
    const content = render(rawConfig(), { ...goldenDevice, model: 'W90DM', version: '130.87.0.18' });
    const k = keys(content);
    expect([...k.keys()].filter((key) => key.endsWith('.enable') && key.startsWith('account.'))).toEqual([
      'account.1.enable',
      'account.2.enable',
    ]);
    expect([...k.keys()].filter((key) => key.startsWith('linekey.') && key.endsWith('.type'))).toEqual([
      'linekey.3.type',
      'linekey.4.type',
      'linekey.5.type',
    ]);
  });
});

describe('Yealink plugin files (filename-vectors.json)', () => {
  it('writes common files (see common.test.ts)', () => {
    expect(yealink.renderCommon(rawConfig()).map((f) => f.path)).toContain('y000000000000.cfg');
  });

  it('names trigger, device and sensitive files after the lower-case MAC', () => {
    const dev = device({ mac: GOLDEN_MAC });
    expect(yealink.triggerFilename(dev)).toBe('00156512abcd.cfg');
    expect(yealink.triggerFilename(device())).toBeUndefined();
    expect(yealink.isSensitive('00156512abcd.cfg')).toBe(true);
    expect(yealink.isSensitive('00156512ABCD.cfg')).toBe(false);
    expect(yealink.isSensitive('00156512abcd.cfg.bak')).toBe(false);
    expect(yealink.isSensitive('y000000000000.cfg')).toBe(false);
  });

  it('asks the phone to check its config with a check-sync NOTIFY', () => {
    expect(yealink.synchronize(goldenDevice, rawConfig())).toEqual({
      kind: 'sip-notify',
      event: 'check-sync',
    });
  });
});
