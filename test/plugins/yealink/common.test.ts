import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  commonFilename,
  HARDWARE_IDS,
  UNIVERSAL_COMMON_FILE,
} from '../../../plugins/yealink/common-files.js';
import { yealinkIdentify } from '../../../plugins/yealink/identify.js';
import { allKnownModels, knownModel } from '../../../plugins/yealink/models.js';
import { baseRawConfig } from '../../../src/config/base-raw-config.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import type { FileRequest, RenderedFile } from '../../../src/plugin-runtime/contract.js';
import { extractInfo } from '../../../src/plugin-runtime/identification.js';
import { silentLogger } from '../../../src/plugin-runtime/logger.js';
import { PLUGIN_HELPERS } from '../../../src/plugin-runtime/runtime.js';
import { loadShippedPlugin } from '../support/plugins.js';
import { rawConfig, yealinkAt2025 } from './fixtures.js';

const yealink = await yealinkAt2025();
const identify = yealinkIdentify(PLUGIN_HELPERS);
const goldenCommon = fileURLToPath(new URL('./golden/y000000000000.cfg', import.meta.url));

/** What the host hands renderCommon: the server's base raw config (src/config/base-raw-config.ts). */
const BASE = baseRawConfig('http://10.0.0.1:8667');

const EXPECTED_FILES = [
  'y000000000000.cfg',
  'y000000000065.cfg',
  'y000000000066.cfg',
  'y000000000067.cfg',
  'y000000000068.cfg',
  'y000000000069.cfg',
  'y000000000095.cfg',
  'y000000000096.cfg',
  'y000000000097.cfg',
  'y000000000107.cfg',
  'y000000000108.cfg',
  'y000000000109.cfg',
  'y000000000116.cfg',
  'y000000000123.cfg',
  'y000000000124.cfg',
  'y000000000127.cfg',
  'y000000000171.cfg',
];

const common = (base: JsonObject = BASE): readonly RenderedFile[] => yealink.renderCommon(base);

const byName = (files: readonly RenderedFile[], path: string): string => {
  const file = files.find((f) => f.path === path);
  if (file === undefined) throw new Error(`no ${path}`);
  return file.content;
};

/** The lines that set something (comments and blank lines dropped). */
const settings = (content: string): string[] =>
  content.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('Yealink common files', () => {
  it('are the universal file and one per verified hardware ID, in that order', () => {
    expect(common().map((f) => f.path)).toEqual(EXPECTED_FILES);
  });

  it('y000000000000.cfg matches the golden file byte for byte', async () => {
    expect(byName(common(), UNIVERSAL_COMMON_FILE)).toBe(await readFile(goldenCommon, 'utf8'));
  });

  it('are the same from the shipped plugin', async () => {
    const shipped = await loadShippedPlugin('yealink');
    expect(shipped.module.renderCommon(BASE)).toEqual(common());
  });

  it('start with the version line and have only comments and `key = value` lines', () => {
    for (const { content } of common()) {
      expect(content.startsWith('#!version:1.0.0.1\n')).toBe(true);
      for (const line of content.split('\n').filter((l) => l !== '')) {
        expect(line).toMatch(/^(#.*|[a-z_]+(\.[a-z0-9_]+)+ = .*)$/);
      }
    }
  });

  it('all set the provisioning URL and power-on provisioning, nothing else', () => {
    for (const { content } of common()) {
      expect(settings(content)).toEqual([
        'static.auto_provision.server.url = http://10.0.0.1:8667',
        'static.auto_provision.power_on = 1',
      ]);
    }
  });

  it('name their readers in the header comment', () => {
    const files = common();
    expect(byName(files, 'y000000000066.cfg')).toContain('## Common file for the T46S (hardware ID 66):');
    expect(byName(files, 'y000000000123.cfg')).toContain(
      '## Common file for the T31, T31P, T31G (hardware ID 123):',
    );
  });

  it('build the URL from ip and http_port without http_base_url', () => {
    const files = common({ ip: '192.0.2.7', http_port: 8667, tftp_port: 69 });
    expect(files.map((f) => f.path)).toEqual(EXPECTED_FILES);
    expect(settings(byName(files, UNIVERSAL_COMMON_FILE))[0]).toBe(
      'static.auto_provision.server.url = http://192.0.2.7:8667',
    );
  });

  it('keep the path of http_base_url', () => {
    const files = common(baseRawConfig('https://provd.example.com:8443/prov/'));
    expect(settings(byName(files, UNIVERSAL_COMMON_FILE))[0]).toBe(
      'static.auto_provision.server.url = https://provd.example.com:8443/prov',
    );
  });

  it('are not written when the base raw config gives no provisioning URL', () => {
    expect(common({})).toEqual([]);
    expect(common({ ip: '10.0.0.1', tftp_port: 69 })).toEqual([]);
  });

  it('print no other key of the config, secrets least of all', () => {
    // A full device config (admin password, SIP lines, X_ keys) instead of the base raw config.
    for (const { content } of common(rawConfig({ X_comment: 'leaked-comment', X_custom: 'leaked' }))) {
      expect(settings(content)).toHaveLength(2);
      for (const secret of ['S3cret!', 'linepass', 'abcdefgh', 'leaked'])
        expect(content).not.toContain(secret);
    }
  });

  it('never let http_base_url add a line: CR, LF and other separators are removed', () => {
    const injected = 'http://10.0.0.1:8667\r\nstatic.security.user_password = admin:owned\u2028x.y = z';
    const files = common({ ...BASE, http_base_url: injected });
    expect(files.map((f) => f.path)).toEqual(EXPECTED_FILES);
    for (const { content } of files) {
      expect(settings(content)).toEqual([
        'static.auto_provision.server.url = http://10.0.0.1:8667static.security.user_password = admin:ownedx.y = z',
        'static.auto_provision.power_on = 1',
      ]);
      expect(content).not.toMatch(/[\r\u2028]/);
    }
  });

  it('are not sensitive', () => {
    for (const path of EXPECTED_FILES) expect(yealink.isSensitive(path)).toBe(false);
  });
});

describe('Yealink hardware IDs (common-files.ts)', () => {
  it('name models of the table only, each under one ID, each ID once', () => {
    const models = HARDWARE_IDS.flatMap((h) => h.models);
    for (const model of models) expect(knownModel(model), model).toBeDefined();
    expect(new Set(models).size).toBe(models.length);
    const ids = HARDWARE_IDS.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { sources } of HARDWARE_IDS) expect(sources).not.toBe('');
  });

  it('leave out the models whose ID could not be verified (README.md)', () => {
    const covered = new Set(HARDWARE_IDS.flatMap((h) => h.models));
    const without = allKnownModels()
      .map((m) => m.model)
      .filter((m) => !covered.has(m))
      .sort();
    expect(without).toEqual(['T31W', 'T41U', 'T53C']);
  });

  it('pad the ID to twelve digits', () => {
    expect(commonFilename('66')).toBe('y000000000066.cfg');
    expect(commonFilename('171')).toBe('y000000000171.cfg');
  });
});

describe('identification from a common file name', () => {
  const get = (path: string, headers: { readonly [name: string]: string } = {}): FileRequest => ({
    protocol: 'http',
    path,
    filename: path,
    clientIp: '10.0.0.5',
    headers,
  });

  it('invents no model (nor vendor) from y000000000000.cfg alone', async () => {
    expect(identify(get(UNIVERSAL_COMMON_FILE))).toBeUndefined();
    const shipped = await Promise.all(['null', 'zero', 'test', 'yealink'].map(loadShippedPlugin));
    expect(extractInfo(get(UNIVERSAL_COMMON_FILE), shipped, silentLogger)).toEqual({ ip: '10.0.0.5' });
  });

  it('invents no model from the per-model files either (only y000000000025.cfg names one)', () => {
    for (const path of EXPECTED_FILES) expect(identify(get(path)), path).toBeUndefined();
    expect(identify(get('y000000000025.cfg'))).toEqual({ vendor: 'Yealink', model: 'W52P' });
  });

  it('reads the User-Agent when there is one', () => {
    const ua = 'Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc';
    expect(identify(get('y000000000066.cfg', { 'user-agent': ua }))).toEqual({
      vendor: 'Yealink',
      model: 'T46S',
      version: '66.86.0.15',
      mac: '00:15:65:aa:bb:cc',
    });
  });
});
