import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Operation } from '../../src/application/operations/operation.js';
import { PluginManagerError } from '../../src/application/plugins/manager/errors.js';
import { packageDigest } from '../../src/application/plugins/manager/plugin-package.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { gate, waitFor } from '../support/wait-for.js';
import { buildSourceRepository, SOURCE_PLUGINS } from './support/fixture-repository.js';
import { type ManagerHarness, startManagerHarness } from './support/manager-harness.js';
import { type RepositoryServer, serveRepository } from './support/repository-server.js';

let tmp: TempDir;
let www: string;
let server: RepositoryServer;
let h: ManagerHarness;

const PAYLOADS = join(SOURCE_PLUGINS, 'test', 'packages');

beforeEach(async () => {
  tmp = await makeTempDir('provd-packages-');
  www = join(tmp.path, 'www');
  await buildSourceRepository(join(www, 'v1'));
  server = await serveRepository(www);
  h = await startManagerHarness({ repository: () => `${server.url}v1/` });
  const update = new Operation('update');
  h.manager.updateIndex(update);
  await update.settled(5);
  const install = new Operation('install');
  h.manager.install('test', install);
  expect(await install.settled(5)).toBe('success');
});
afterEach(async () => {
  await h.stop();
  await server.close();
  await tmp.remove();
});

const firmwareDir = async (): Promise<string> =>
  join((await h.dirs.current('test')) ?? '', 'files', 'firmware');

const installPackage = async (): Promise<Operation> => {
  const op = new Operation('install_pkg');
  h.manager.installPackage('test', 'firmware-T1', op);
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

describe('plugin packages', () => {
  it('lists what the plugin offers and what is installed', () => {
    const manifest = h.registry.loaded('test')?.manifest.packages?.['firmware-T1'];
    expect(h.manager.installablePackages('test')).toEqual({
      'firmware-T1': {
        version: '1.1',
        description: manifest?.description,
        description_fr: manifest?.description_fr,
        dsize: 103 + 86,
      },
    });
    expect(h.manager.installedPackages('test')).toEqual({});
    for (const action of [
      () => h.manager.installablePackages('zero'),
      () => h.manager.installedPackages('zero'),
    ]) {
      const error = refusal(action);
      expect([error.code, error.message]).toEqual(['not_found', 'plugin zero is not installed']);
    }
  });

  it('installs a package: one download per file with progress, then the files in the doc root', async () => {
    const release = gate();
    server.hold('v1/packages/test/T1-1.1.rom', 50, release.opened);
    const op = new Operation('install_pkg');
    h.manager.installPackage('test', 'firmware-T1', op);
    await waitFor(
      () =>
        op.format() === 'install_pkg|progress(download|progress(progress;50/103)(waiting))(install|waiting)',
      'first file in progress',
    );
    const busy = refusal(() => h.manager.installPackage('test', 'firmware-T1', new Operation('install_pkg')));
    expect(busy.message).toBe('an install operation for package firmware-T1 is already in progress');
    release.open();
    await op.settled(5);
    expect(op.format()).toBe(
      'install_pkg|success(download|success(success;103/103)(success;86/86))(install|success)',
    );

    const dir = await firmwareDir();
    expect(await readdir(dir)).toEqual(['T1-1.1-notes.txt', 'T1-1.1.rom']);
    expect(await readFile(join(dir, 'T1-1.1.rom'))).toEqual(await readFile(join(PAYLOADS, 'T1-1.1.rom')));
    expect(h.registry.get('test')?.docRoot).toBe(join(dir, '..'));
    expect(await h.pluginEvents()).toEqual([
      'plugin-test:PluginInstalled',
      'plugin-test:PluginPackageInstalled',
    ]);
    const definition = h.registry.loaded('test')?.manifest.packages?.['firmware-T1'];
    if (definition === undefined) throw new Error('no package definition');
    expect(h.readModels.plugins.get('test')?.packages).toEqual([
      { id: 'firmware-T1', version: '1.1', sha256: packageDigest(definition) },
    ]);
    expect(h.manager.installedPackages('test')).toEqual({
      'firmware-T1': {
        version: '1.1',
        description: definition.description,
        description_fr: definition.description_fr,
      },
    });
    expect(server.requests).toContain('/repo/v1/packages/test/T1-1.1-notes.txt');

    // Reinstalling is allowed; the same content records nothing new.
    expect((await installPackage()).state).toBe('success');
    expect(await h.pluginEvents()).toHaveLength(2);
  });

  it('refuses an unknown package', () => {
    const error = refusal(() => h.manager.installPackage('test', 'nope', new Operation('install_pkg')));
    expect([error.code, error.message]).toEqual(['invalid_request', 'package not found']);
  });

  it('refuses a file whose checksum does not match: nothing installed, nothing recorded', async () => {
    await writeFile(join(www, 'v1', 'packages', 'test', 'T1-1.1-notes.txt'), 'x'.repeat(86));
    const op = await installPackage();
    expect(op.format()).toBe('install_pkg|fail(download|fail(success;103/103)(fail;86/86))(install|fail)');
    expect(op.error).toMatch(/checksum mismatch/);
    await expect(readdir(await firmwareDir())).rejects.toThrow();
    expect(await h.pluginEvents()).toEqual(['plugin-test:PluginInstalled']);
    expect(await readdir(join(h.root, '.downloads'))).toEqual([]);
  });

  it('uninstalls a package: its files go, PluginPackageUninstalled is recorded', async () => {
    expect((await installPackage()).state).toBe('success');
    await h.manager.uninstallPackage('test', 'firmware-T1');
    expect(await readdir(await firmwareDir())).toEqual([]);
    expect(h.manager.installedPackages('test')).toEqual({});
    expect((await h.pluginEvents()).at(-1)).toBe('plugin-test:PluginPackageUninstalled');
    await expect(h.manager.uninstallPackage('test', 'firmware-T1')).rejects.toThrow('package not found');
  });
});
