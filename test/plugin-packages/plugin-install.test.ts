import { lstat, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Operation } from '../../src/application/operations/operation.js';
import { PluginManagerError } from '../../src/application/plugins/manager/errors.js';
import { buildRepository } from '../../src/application/plugins/repository/build-repository.js';
import { InvalidPluginIndex } from '../../src/application/plugins/repository/plugin-index.js';
import type { IdentifyRequest } from '../../src/plugin-runtime/contract.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { gate, waitFor } from '../support/wait-for.js';
import {
  buildSourceRepository,
  copySourcePlugin,
  editFile,
  patchIndex,
  readIndex,
  setVersion,
} from './support/fixture-repository.js';
import { type ManagerHarness, startManagerHarness } from './support/manager-harness.js';
import { type RepositoryServer, serveRepository } from './support/repository-server.js';

let tmp: TempDir;
let www: string;
let server: RepositoryServer;
let repository: string | undefined;
let reloaded: string[];
let h: ManagerHarness;

beforeEach(async () => {
  tmp = await makeTempDir('provd-install-');
  www = join(tmp.path, 'www');
  await buildSourceRepository(join(www, 'v1'));
  server = await serveRepository(www);
  repository = `${server.url}v1/`;
  reloaded = [];
  h = await startManagerHarness({ repository: () => repository, onReloaded: (id) => reloaded.push(id) });
});
afterEach(async () => {
  await h.stop();
  await server.close();
  await tmp.remove();
});

const settled = async (op: Operation): Promise<string> => {
  await op.settled(5);
  return op.format();
};

const update = async (): Promise<void> => {
  const op = new Operation('update');
  h.manager.updateIndex(op);
  expect(await settled(op)).toMatch(/^update\|success;\d+$/);
};

const install = async (id: string): Promise<Operation> => {
  const op = new Operation('install');
  h.manager.install(id, op);
  await op.settled(5);
  return op;
};

const refusal = (action: () => unknown): PluginManagerError => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PluginManagerError);
    return error as PluginManagerError;
  }
  throw new Error('not refused');
};

const testRequest = (header: string, value: string): IdentifyRequest => ({
  protocol: 'http',
  path: 'x.cfg',
  filename: 'x.cfg',
  clientIp: '10.0.0.9',
  headers: { [header]: value },
});

const versionsLeft = async (): Promise<string[]> => readdir(join(h.root, '.versions'));

describe('the plugin index', () => {
  it('is empty before the first update, then the repository index without file names', async () => {
    expect(h.manager.installable()).toEqual({});
    const op = new Operation('update');
    h.manager.updateIndex(op);
    const size = (await readFile(join(www, 'v1', 'plugins.db'))).length;
    expect(await settled(op)).toBe(`update|success;${size}`);
    const index = await readIndex(join(www, 'v1'));
    const installable = h.manager.installable();
    expect(Object.keys(installable)).toEqual(['null', 'test', 'yealink', 'zero']);
    const { filename: _, ...test } = index.test ?? { filename: '' };
    expect(installable.test).toEqual(test);
    expect(Object.values(installable).some((entry) => 'filename' in entry)).toBe(false);
  });

  it('refuses a second update while one runs, and an update without repository', async () => {
    const release = gate();
    server.hold('v1/plugins.db', 100, release.opened);
    const op = new Operation('update');
    h.manager.updateIndex(op);
    const second = refusal(() => h.manager.updateIndex(new Operation('update')));
    expect(second.code).toBe('unavailable');
    expect(second.message).toBe('an update operation is already in progress');
    await waitFor(() => op.format() === 'update|progress;100', 'update progress');
    release.open();
    expect(await settled(op)).toMatch(/^update\|success;\d+$/);
    repository = undefined;
    const none = refusal(() => h.manager.updateIndex(new Operation('update')));
    expect([none.code, none.message]).toEqual(['unavailable', "'server' has no value set"]);
  });

  it('keeps the cached index when an update fails or brings a corrupt index', async () => {
    await update();
    const before = h.manager.installable();
    repository = `${server.url}missing/`;
    const failed = new Operation('update');
    h.manager.updateIndex(failed);
    expect(await settled(failed)).toBe('update|fail');
    expect(failed.error).toMatch(/HTTP 404/);
    await writeFile(join(www, 'v1', 'plugins.db'), '{"test": {"version": "2"}}');
    repository = `${server.url}v1/`;
    const corrupt = new Operation('update');
    h.manager.updateIndex(corrupt);
    expect(await settled(corrupt)).toMatch(/^update\|fail;\d+$/);
    expect(corrupt.error).toBe('invalid plugin info: missing capabilities key in test');
    expect(h.manager.installable()).toEqual(before);
    await writeFile(h.dirs.indexFile, 'not json');
    expect(() => h.manager.installable()).toThrow(InvalidPluginIndex);
  });
});

describe('installing a plugin', () => {
  it('downloads, checks, extracts and loads it, showing progress, then records PluginInstalled', async () => {
    await update();
    const entry = (await readIndex(join(www, 'v1'))).test;
    if (entry === undefined) throw new Error('no test plugin');
    const half = Math.floor(entry.dsize / 2);
    const release = gate();
    server.hold(`v1/${entry.filename}`, half, release.opened);
    const op = new Operation('install');
    h.manager.install('test', op);
    await waitFor(
      () => op.format() === `install|progress(download|progress;${half}/${entry.dsize})`,
      'download in progress',
    );
    expect(h.registry.get('test')).toBeUndefined();
    release.open();
    expect(await settled(op)).toBe(`install|success(download|success;${entry.dsize}/${entry.dsize})`);

    expect(await h.pluginEvents()).toEqual(['plugin-test:PluginInstalled']);
    expect(h.readModels.plugins.get('test')?.info.sha256).toBe(entry.sha256);
    expect(h.manager.installed()).toEqual({
      test: {
        version: '1.0.0',
        description: entry.description,
        description_fr: entry.description_fr,
        capabilities: entry.capabilities,
      },
    });
    const link = join(h.root, 'test');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await realpath(link)).toMatch(/\/\.versions\/test-1\.0\.0-[^/]+\/test$/);
    expect(h.registry.get('test')?.identify(testRequest('x-test-device', 'model=T1'))).toEqual({
      vendor: 'Test',
      model: 'T1',
    });
    expect(await readdir(join(h.root, '.downloads'))).toEqual([]);
  });

  it('refuses what provd refuses, with its messages', async () => {
    await update();
    await install('test');
    const cases: [() => unknown, string][] = [
      [() => h.manager.install('test', new Operation('install')), 'plugin test is already installed'],
      [() => h.manager.install('nope', new Operation('install')), 'plugin nope is not in the plugin index'],
      [() => h.manager.upgrade('zero', new Operation('install')), 'plugin zero is not already installed'],
    ];
    for (const [action, message] of cases) {
      const error = refusal(action);
      expect([error.code, error.message]).toEqual(['invalid_request', message]);
    }
    await expect(h.manager.uninstall('zero')).rejects.toThrow('plugin not found');

    const release = gate();
    const zero = (await readIndex(join(www, 'v1'))).zero;
    server.hold(`v1/${zero?.filename}`, 10, release.opened);
    const op = new Operation('install');
    h.manager.install('zero', op);
    const busy = refusal(() => h.manager.install('zero', new Operation('install')));
    expect(busy.message).toBe('an install/upgrade operation for plugin zero is already in progress');
    release.open();
    expect(await settled(op)).toMatch(/^install\|success/);
  });

  it.each([
    [
      'a package whose sha256 is not the index one',
      { sha256: '0'.repeat(64) },
      /checksum mismatch/,
      'download|fail',
    ],
    ['a package larger than the index says', { dsize: 100 }, /is more than the 100 allowed/, 'download|fail'],
    [
      'a package holding another version than the index says',
      { version: '9.9.9' },
      /holds version 1\.0\.0, the index says 9\.9\.9/,
      'download|success',
    ],
  ])('refuses %s and leaves nothing behind', async (_, patch, reason, download) => {
    await patchIndex(join(www, 'v1'), 'test', patch);
    await update();
    const op = await install('test');
    expect(op.state).toBe('fail');
    expect(op.format()).toMatch(new RegExp(`^install\\|fail\\(${download.replace('|', '\\|')}`));
    expect(op.error).toMatch(reason);
    expect(await h.pluginEvents()).toEqual([]);
    expect(h.registry.get('test')).toBeUndefined();
    expect(h.manager.installed()).toEqual({});
    expect(await h.dirs.current('test')).toBeUndefined();
    expect(await readdir(h.root)).not.toContain('test');
    expect(await versionsLeft()).toEqual([]);
    expect(await readdir(join(h.root, '.downloads'))).toEqual([]);
  });
});

describe('upgrading, uninstalling and reloading', () => {
  /** Version 1.1.0 of the test plugin: another header name (identify.ts) and common file. */
  const buildV2 = async (): Promise<void> => {
    const dir = await copySourcePlugin('test', join(tmp.path, 'src-v2'));
    await setVersion(dir, '1.0.0', '1.1.0');
    await editFile(join(dir, 'identify.ts'), "'x-test-device'", "'x-test-phone'");
    await editFile(join(dir, 'templates', 'common.cfg.dot'), 'server_url=', 'v2_server_url=');
    await buildRepository({ pluginsDir: join(tmp.path, 'src-v2'), outDir: join(www, 'v2') });
  };

  it('switches to the new version, carrying installed packages, and records PluginUpgraded', async () => {
    await buildV2();
    await update();
    await install('test');
    const pkg = new Operation('install_pkg');
    h.manager.installPackage('test', 'firmware-T1', pkg);
    expect(await settled(pkg)).toMatch(/^install_pkg\|success/);
    const old = await h.dirs.current('test');

    repository = `${server.url}v2/`;
    await update();
    const op = new Operation('upgrade');
    h.manager.upgrade('test', op);
    expect(await settled(op)).toMatch(/^upgrade\|success\(download\|success;(\d+)\/\1\)$/);

    expect(await h.pluginEvents()).toEqual([
      'plugin-test:PluginInstalled',
      'plugin-test:PluginPackageInstalled',
      'plugin-test:PluginUpgraded',
    ]);
    expect(h.manager.installed().test?.version).toBe('1.1.0');
    const plugin = h.registry.get('test');
    expect(plugin?.version).toBe('1.1.0');
    // New code, down to the module identify.ts the entry point imports.
    expect(plugin?.identify(testRequest('x-test-phone', 'model=T2'))).toEqual({
      vendor: 'Test',
      model: 'T2',
    });
    expect(plugin?.identify(testRequest('x-test-device', 'model=T2'))).toBeUndefined();
    const common = plugin?.renderCommon({ http_base_url: 'http://p' });
    expect(common && E.isRight(common) ? common.right[0]?.content : '').toContain('v2_server_url=http://p');

    const current = await h.dirs.current('test');
    expect(current).not.toBe(old);
    await expect(lstat(old ?? '')).rejects.toThrow();
    expect(await versionsLeft()).toHaveLength(1);
    expect(await readdir(join(current ?? '', 'files', 'firmware'))).toEqual([
      'T1-1.1-notes.txt',
      'T1-1.1.rom',
    ]);
    expect(h.manager.installedPackages('test')).toMatchObject({ 'firmware-T1': { version: '1.1' } });
  });

  it('keeps the running version when the upgrade fails', async () => {
    await buildV2();
    await patchIndex(join(www, 'v2'), 'test', { sha256: 'f'.repeat(64) });
    await update();
    await install('test');
    const old = await h.dirs.current('test');
    repository = `${server.url}v2/`;
    await update();
    const op = new Operation('upgrade');
    h.manager.upgrade('test', op);
    expect(await settled(op)).toMatch(/^upgrade\|fail\(download\|fail/);
    expect(await h.pluginEvents()).toEqual(['plugin-test:PluginInstalled']);
    expect(await h.dirs.current('test')).toBe(old);
    expect(h.registry.get('test')?.version).toBe('1.0.0');
    expect(h.registry.get('test')?.identify(testRequest('x-test-device', 'model=T1'))).toBeDefined();
    expect(await versionsLeft()).toHaveLength(1);
  });

  it('uninstalls: PluginUninstalled, not running, folder removed; it can be installed again', async () => {
    await update();
    await install('test');
    await h.manager.uninstall('test');
    expect(await h.pluginEvents()).toEqual(['plugin-test:PluginInstalled', 'plugin-test:PluginUninstalled']);
    expect(h.registry.get('test')).toBeUndefined();
    expect(h.manager.installed()).toEqual({});
    expect(await readdir(h.root)).not.toContain('test');
    expect(await versionsLeft()).toEqual([]);
    expect((await install('test')).state).toBe('success');
    expect(h.registry.get('test')).toBeDefined();
  });

  it('reloads the code from disk, and keeps the running code when the new one does not load', async () => {
    await update();
    await install('test');
    const dir = await h.dirs.current('test');
    await editFile(join(dir ?? '', 'identify.ts'), "'x-test-device'", "'x-reloaded'");
    await h.manager.reload('test');
    expect(reloaded).toEqual(['test']);
    expect(h.registry.get('test')?.identify(testRequest('x-reloaded', 'model=T1'))).toEqual({
      vendor: 'Test',
      model: 'T1',
    });
    expect(await versionsLeft()).toHaveLength(1);

    const reloadedDir = await h.dirs.current('test');
    await writeFile(join(reloadedDir ?? '', 'index.ts'), 'export default 42;\n');
    await expect(h.manager.reload('test')).rejects.toThrow(
      /plugin test could not be loaded: .*the default export must be the plugin factory/,
    );
    expect(await h.dirs.current('test')).toBe(reloadedDir);
    expect(h.registry.get('test')?.identify(testRequest('x-reloaded', 'model=T1'))).toBeDefined();
    await expect(h.manager.reload('zero')).rejects.toThrow('plugin zero is not installed');
  });
});
