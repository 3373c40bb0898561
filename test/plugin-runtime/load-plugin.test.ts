import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PluginRenderError } from '../../src/plugin-runtime/contract.js';
import { loadPlugin, PluginLoadError } from '../../src/plugin-runtime/load-plugin.js';
import { TemplateCompileError } from '../../src/plugin-runtime/templates/errors.js';
import { loadShippedPlugin, pluginDir } from '../plugins/support/plugins.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

const MODULE_JS = `export default () => ({
  identify: () => ({ vendor: 'FromJs' }),
  associate: () => 0,
  renderCommon: () => [],
  renderDevice: () => [],
  triggerFilename: () => undefined,
  isSensitive: () => false,
  synchronize: () => ({ kind: 'unsupported', reason: 'x' }),
});
`;

const manifest = (id: string, overrides: object = {}): string =>
  JSON.stringify({ id, version: '1.0.0', vendor: 'V', description: 'd', capabilities: {}, ...overrides });

let tmp: TempDir;
beforeEach(async () => {
  tmp = await makeTempDir('provd-plugins-');
});
afterEach(() => tmp.remove());

const writePlugin = async (id: string, files: { readonly [path: string]: string }): Promise<string> => {
  const dir = join(tmp.path, id);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
};

const loadError = async (dir: string): Promise<Error> => {
  const error = await loadPlugin(dir).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
};

describe('loadPlugin', () => {
  it.each(['null', 'zero', 'test', 'yealink'])('loads the shipped plugin %s', async (id) => {
    const plugin = await loadShippedPlugin(id);
    expect(plugin.manifest.id).toBe(id);
    expect(plugin.dir).toBe(pluginDir(id));
    expect(plugin.docRoot).toBe(join(pluginDir(id), 'files'));
    expect(typeof plugin.module.identify).toBe('function');
  });

  it('compiles the plugin templates', async () => {
    expect((await loadShippedPlugin('yealink')).templates.names).toEqual(['common.cfg', 'device.cfg']);
    expect((await loadShippedPlugin('null')).templates.names).toEqual([]);
  });

  it('prefers index.js (built packages) over index.ts', async () => {
    const dir = await writePlugin('built', {
      'plugin.json': manifest('built'),
      'index.js': MODULE_JS,
      'index.ts': 'throw new Error("the source must not be imported");',
    });
    const plugin = await loadPlugin(dir);
    expect(plugin.module.identify({ protocol: 'dhcp', clientIp: '1.2.3.4', mac: 'x', options: {} })).toEqual({
      vendor: 'FromJs',
    });
  });

  it.each([
    ['a manifest that is not JSON', '{ "id": ', /plugin\.json: invalid JSON/],
    ['a manifest that is not an object', '[]', /plugin\.json: must be a JSON object/],
    ['an id other than the folder name', manifest('other'), /plugin\.json: "id" must be the folder name "p"/],
    [
      'an empty version',
      manifest('p', { version: '' }),
      /plugin\.json: "version" must be a non-empty string/,
    ],
    ['a missing vendor', manifest('p', { vendor: undefined }), /"vendor" must be a non-empty string/],
    ['a blank description', manifest('p', { description: '  ' }), /"description" must be a non-empty string/],
    [
      'capabilities that are not an object',
      manifest('p', { capabilities: [] }),
      /"capabilities" must be an object/,
    ],
    [
      'a capability that is not an object',
      manifest('p', { capabilities: { 'A, B, C': 1 } }),
      /"capabilities\.A, B, C"/,
    ],
    [
      'an unknown protocol',
      manifest('p', { serves: ['ftp'] }),
      /"serves" must be a list of "http" and "tftp"/,
    ],
  ])('refuses %s, naming the file and field', async (_, manifestText, message) => {
    const error = await loadError(
      await writePlugin('p', { 'plugin.json': manifestText, 'index.js': MODULE_JS }),
    );
    expect(error).toBeInstanceOf(PluginLoadError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(join(tmp.path, 'p', 'plugin.json'));
  });

  it('refuses a folder without plugin.json', async () => {
    const error = await loadError(await writePlugin('p', { 'index.js': MODULE_JS }));
    expect(error.message).toMatch(/plugin\.json: cannot be read/);
  });

  it('refuses a module lacking contract functions, listing them', async () => {
    const dir = await writePlugin('p', {
      'plugin.json': manifest('p'),
      'index.js': 'export default () => ({ identify() {}, associate() {} });',
    });
    const error = await loadError(dir);
    expect(error.message).toMatch(
      /index\.js: the plugin object lacks the function\(s\) renderCommon, renderDevice, triggerFilename, isSensitive, synchronize/,
    );
  });

  it('refuses a default export that is the plugin object rather than its factory', async () => {
    const dir = await writePlugin('p', {
      'plugin.json': manifest('p'),
      'index.js': 'export default { identify() {}, associate() {} };',
    });
    expect((await loadError(dir)).message).toMatch(
      /index\.js: the default export must be the plugin factory/,
    );
  });

  it('reports a factory that throws or returns no object', async () => {
    const throwing = await writePlugin('a', {
      'plugin.json': manifest('a'),
      'index.js': 'export default () => { throw new Error("no licence"); };',
    });
    const error = await loadError(throwing);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect(error.message).toMatch(/index\.js: the plugin factory failed: no licence/);
    const empty = await writePlugin('b', {
      'plugin.json': manifest('b'),
      'index.js': 'export default async () => 42;',
    });
    expect((await loadError(empty)).message).toMatch(
      /index\.js: the plugin factory must return the plugin object/,
    );
  });

  it('hands the factory its runtime: manifest, folder, compiled templates and the host helpers', async () => {
    const dir = await writePlugin('p', {
      'plugin.json': manifest('p', { version: '2.5' }),
      'templates/hello.txt.dot': 'hello {{=it.name}}',
      'index.js': `export default async (runtime) => {
  return {
    identify: () => undefined,
    associate: () => runtime.SUPPORT.EXACT,
    renderCommon: () => [{ path: 'hello.txt', content: runtime.templates.render('hello.txt', { name: runtime.manifest.version }) }],
    renderDevice: () => { throw new runtime.PluginRenderError('never'); },
    triggerFilename: (device) => runtime.compactMac(device.mac ?? ''),
    isSensitive: () => false,
    synchronize: () => ({ kind: 'unsupported', reason: runtime.dir }),
  };
};
`,
    });
    const plugin = await loadPlugin(dir);
    expect(plugin.module.associate({})).toBe(600);
    expect(plugin.module.renderCommon({})).toEqual([{ path: 'hello.txt', content: 'hello 2.5' }]);
    expect(() =>
      plugin.module.renderDevice({
        device: { id: 'd', tenant_uuid: 't', is_new: false, configured: false },
        rawConfig: {},
      }),
    ).toThrow(PluginRenderError);
    expect(
      plugin.module.triggerFilename({
        id: 'd',
        tenant_uuid: 't',
        is_new: false,
        configured: false,
        mac: '00-11-22-AA-BB-CC',
      }),
    ).toBe('001122aabbcc');
    expect(
      plugin.module.synchronize({ id: 'd', tenant_uuid: 't', is_new: false, configured: false }, {}),
    ).toEqual({ kind: 'unsupported', reason: dir });
  });

  it('refuses a module without default export, or one that throws on import', async () => {
    const noDefault = await writePlugin('a', {
      'plugin.json': manifest('a'),
      'index.js': 'export const x = 1;',
    });
    expect((await loadError(noDefault)).message).toMatch(
      /index\.js: the default export must be the plugin factory/,
    );
    const throwing = await writePlugin('b', {
      'plugin.json': manifest('b'),
      'index.js': 'throw new Error("boom");',
    });
    expect((await loadError(throwing)).message).toMatch(/index\.js: cannot be imported: boom/);
  });

  it('refuses a plugin whose template does not compile, naming the template and line', async () => {
    const dir = await writePlugin('p', {
      'plugin.json': manifest('p'),
      'index.js': MODULE_JS,
      'templates/device.cfg.dot': 'ok\n{{? it.x }}never closed\n',
    });
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(TemplateCompileError);
    expect(error.message).toContain(`${join(dir, 'templates', 'device.cfg.dot')}:2: `);
  });
});
