import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractTarGz } from '../../src/adapters/tar/index.js';
import { buildRepository } from '../../src/application/plugins/repository/build-repository.js';
import {
  InvalidPluginIndex,
  parsePluginIndex,
} from '../../src/application/plugins/repository/plugin-index.js';
import { resolveInRepository } from '../../src/application/plugins/repository/repository-location.js';
import type { JsonValue } from '../../src/domain/shared/json.js';
import { PluginLoadError, parseManifest } from '../../src/plugin-runtime/manifest.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import {
  buildSourceRepository,
  copySourcePlugin,
  editFile,
  SOURCE_PLUGINS,
} from './support/fixture-repository.js';

let tmp: TempDir;
beforeEach(async () => {
  tmp = await makeTempDir('provd-repo-');
});
afterEach(() => tmp.remove());

const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

const manifestOf = async (id: string) =>
  JSON.parse(await readFile(join(SOURCE_PLUGINS, id, 'plugin.json'), 'utf8')) as {
    version: string;
    description: string;
    description_fr: string;
    capabilities: object;
  };

describe('building a repository from the source plugins', () => {
  it('packages every plugin and describes it in plugins.db', async () => {
    const repo = join(tmp.path, 'repo');
    const index = await buildSourceRepository(repo);
    expect(JSON.parse(await readFile(join(repo, 'plugins.db'), 'utf8'))).toEqual(index);
    expect(Object.keys(index)).toEqual(['null', 'test', 'yealink', 'zero']);
    for (const [id, entry] of Object.entries(index)) {
      const manifest = await manifestOf(id);
      const archive = join(repo, entry.filename);
      expect(entry).toEqual({
        version: manifest.version,
        description: manifest.description,
        description_fr: manifest.description_fr,
        capabilities: manifest.capabilities,
        dsize: (await stat(archive)).size,
        filename: `${id}-${manifest.version}.tar.gz`,
        sha256: await sha256(archive),
      });
    }
    expect(await readdir(join(repo, 'packages', 'test'))).toEqual(['T1-1.1-notes.txt', 'T1-1.1.rom']);
  });

  it('puts the plugin folder in the package, without package payloads, with a package.json', async () => {
    const repo = join(tmp.path, 'repo');
    await buildSourceRepository(repo);
    const out = join(tmp.path, 'test');
    await extractTarGz(join(repo, 'test-1.0.0.tar.gz'), out);
    expect((await readdir(out)).sort()).toEqual(
      ['README.md', 'identify.ts', 'index.ts', 'package.json', 'plugin.json', 'templates'].sort(),
    );
    expect(JSON.parse(await readFile(join(out, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
    expect(await readFile(join(out, 'index.ts'))).toEqual(
      await readFile(join(SOURCE_PLUGINS, 'test', 'index.ts')),
    );
    const zero = join(tmp.path, 'zero');
    await extractTarGz(join(repo, 'zero-1.0.0.tar.gz'), zero);
    expect(await readdir(join(zero, 'files'))).toEqual(['README.txt']);
  });

  it('gives the same bytes twice', async () => {
    const first = await buildSourceRepository(join(tmp.path, 'a'));
    const second = await buildSourceRepository(join(tmp.path, 'b'));
    expect(second).toEqual(first);
  });

  it('fails when a package payload does not match its manifest, or is missing', async () => {
    const plugins = join(tmp.path, 'plugins');
    const dir = await copySourcePlugin('test', plugins);
    await writeFile(join(dir, 'packages', 'T1-1.1.rom'), 'something else');
    await expect(buildRepository({ pluginsDir: plugins, outDir: join(tmp.path, 'r1') })).rejects.toThrow(
      /plugin test, package firmware-T1: packages\/test\/T1-1\.1\.rom: the manifest says 103 bytes/,
    );
    await editFile(join(dir, 'plugin.json'), 'packages/test/T1-1.1.rom', 'packages/test/gone.rom');
    await expect(buildRepository({ pluginsDir: plugins, outDir: join(tmp.path, 'r2') })).rejects.toThrow(
      'plugin test, package firmware-T1: packages/test/gone.rom: not in packages/ of the plugin',
    );
  });

  it('refuses to replace a folder that is not a repository', async () => {
    const out = join(tmp.path, 'precious');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'k');
    await expect(buildRepository({ pluginsDir: SOURCE_PLUGINS, outDir: out })).rejects.toThrow(
      /not empty and not a plugin repository/,
    );
    expect(await readdir(out)).toEqual(['keep.txt']);
  });
});

describe('plugins.db', () => {
  const entry = {
    capabilities: {},
    description: 'd',
    version: '1',
    dsize: 1,
    filename: 'p-1.tar.gz',
    sha256: 'a'.repeat(64),
  };

  it.each([
    ['not JSON', '{', /^invalid plugin index: /],
    ['not an object', '[]', /^invalid plugin index: not a JSON object$/],
    [
      'an entry without sha256',
      JSON.stringify({ p: { ...entry, sha256: undefined } }),
      /^invalid plugin info: missing sha256 key in p$/,
    ],
    [
      'a file name leaving the repository',
      JSON.stringify({ p: { ...entry, filename: '../p.tar.gz' } }),
      /bad filename in p/,
    ],
    ['an id that is no folder name', JSON.stringify({ '../p': entry }), /"\.\.\/p" is not a valid plugin id/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parsePluginIndex(text)).toThrow(InvalidPluginIndex);
    expect(() => parsePluginIndex(text)).toThrow(message);
  });

  it('keeps unknown localized descriptions', () => {
    expect(parsePluginIndex(JSON.stringify({ p: { ...entry, description_de: 'x' } })).p?.description_de).toBe(
      'x',
    );
  });
});

describe('names in a repository', () => {
  it('resolves against a folder or a base URL, and takes http(s) URLs as they are', () => {
    expect(resolveInRepository('/srv/repo', 'packages/a.bin')).toBe('/srv/repo/packages/a.bin');
    expect(resolveInRepository('file:///srv/repo/', 'a.tar.gz')).toBe('/srv/repo/a.tar.gz');
    expect(resolveInRepository('http://h/plugins', 'a.tar.gz')).toBe('http://h/plugins/a.tar.gz');
    expect(resolveInRepository('https://h/plugins/', 'x/a.tar.gz')).toBe('https://h/plugins/x/a.tar.gz');
    expect(resolveInRepository('/srv/repo', 'https://cdn/fw.bin')).toBe('https://cdn/fw.bin');
  });

  it.each(['../a.bin', '/etc/passwd', 'file:///etc/passwd', 'a/../../b', 'ftp://h/x'])(
    'refuses %s',
    (name) => {
      expect(() => resolveInRepository('/srv/repo', name)).toThrow(
        /is not a name inside the plugin repository/,
      );
      expect(() => resolveInRepository('http://h/r/', name)).toThrow(
        /is not a name inside the plugin repository/,
      );
    },
  );
});

describe('package definitions in plugin.json', () => {
  const file = { url: 'packages/p/a.bin', size: 3, sha256: 'b'.repeat(64), path: 'firmware/a.bin' };
  const manifest = (packages: unknown): JsonValue =>
    JSON.parse(
      JSON.stringify({ id: 'p', version: '1', vendor: 'v', description: 'd', capabilities: {}, packages }),
    );

  it('accepts a well-formed package', () => {
    const parsed = parseManifest(
      'plugin.json',
      manifest({ fw: { version: '1', description: 'd', files: [file] } }),
      'p',
    );
    expect(parsed.packages?.fw?.files).toEqual([file]);
  });

  it.each([
    ['not an object', [], /"packages" must be an object/],
    [
      'a bad package id',
      { '../x': { version: '1', description: 'd', files: [file] } },
      /"packages\.\.\.\/x" is not a valid package id/,
    ],
    [
      'no files',
      { fw: { version: '1', description: 'd', files: [] } },
      /"packages\.fw\.files" must be a non-empty list/,
    ],
    [
      'a path leaving files/',
      { fw: { version: '1', description: 'd', files: [{ ...file, path: '../index.js' }] } },
      /"packages\.fw\.files\.0\.path" must be a relative path inside files\//,
    ],
    [
      'an absolute path',
      { fw: { version: '1', description: 'd', files: [{ ...file, path: '/etc/x' }] } },
      /files\.0\.path/,
    ],
    [
      'a bad checksum',
      { fw: { version: '1', description: 'd', files: [{ ...file, sha256: 'XYZ' }] } },
      /files\.0\.sha256" must be a sha256/,
    ],
    [
      'a negative size',
      { fw: { version: '1', description: 'd', files: [{ ...file, size: -1 }] } },
      /files\.0\.size" must be a size in bytes/,
    ],
    [
      'no version',
      { fw: { description: 'd', files: [file] } },
      /"packages\.fw\.version" must be a non-empty string/,
    ],
  ])('refuses %s', (_, packages, message) => {
    expect(() => parseManifest('plugin.json', manifest(packages), 'p')).toThrow(PluginLoadError);
    expect(() => parseManifest('plugin.json', manifest(packages), 'p')).toThrow(message);
  });
});
