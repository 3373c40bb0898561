import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepository } from '../../src/application/plugins/repository/build-repository.js';
import {
  buildSourceRepository,
  copySourcePlugin,
  editFile,
  patchIndex,
  setVersion,
} from '../plugin-packages/support/fixture-repository.js';
import { type RepositoryServer, serveRepository } from '../plugin-packages/support/repository-server.js';
import { INVALID_TOKEN } from './support/fixture-auth.js';
import { type RestTestServer, startRestServer } from './support/rest-server.js';

/** provd-spec §8.7 (test_plugins.py) and §8.6's plugin-server lines, over a local HTTP repository. */

let t: RestTestServer;
let repoDir: string;
let repo: RepositoryServer;
beforeAll(async () => {
  t = await startRestServer();
  repoDir = await mkdtemp(join(tmpdir(), 'provd-rest-repo-'));
  await buildSourceRepository(repoDir);
  repo = await serveRepository(repoDir);
});
afterAll(async () => {
  await t.close();
  await repo.close();
  await rm(repoDir, { recursive: true, force: true });
});

const setServer = (url: string) => t.api().put('/0.2/configure/plugin_server', { param: { value: url } });

/** Polls a monitor until it is finished; returns every status seen, the last one final. */
const follow = async (location: string): Promise<string[]> => {
  const seen: string[] = [];
  for (let i = 0; i < 500; i++) {
    const { status } = await t.api().json<{ status: string }>(location);
    if (seen.at(-1) !== status) seen.push(status);
    if (/^(\w+\|)?(success|fail)/.test(status)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${location} never finished: ${seen.join(' → ')}`);
};

const post = async (path: string, body: unknown, token?: string) => t.api(token).post(path, body);

const updateIndex = async (): Promise<string> => {
  const response = await post('/0.2/pg_mgr/install/update', {});
  expect(response.statusCode, response.body).toBe(201);
  expect(response.headers.location).toMatch(/^\/0\.2\/pg_mgr\/install\/update\/\d+$/);
  return (await follow(response.headers.location as string)).at(-1) as string;
};

describe('plugins (provd-spec §8.7)', () => {
  it('updates the index from the plugin server: update|success;<bytes>', async () => {
    expect((await setServer(repo.url)).statusCode).toBe(204);
    expect(await updateIndex()).toMatch(/^update\|success;\d+$/);
    const installable = await t
      .api()
      .json<{ pkgs: Record<string, { version: string }> }>('/0.2/pg_mgr/install/installable');
    expect(Object.keys(installable.pkgs)).toEqual(expect.arrayContaining(['test', 'yealink', 'zero']));
    expect(installable.pkgs.test).not.toHaveProperty('filename');
  });

  it('fails the update with a wrong server URL', async () => {
    await setServer('http://127.0.0.1:9/nothing-here/');
    expect(await updateIndex()).toMatch(/^update\|fail/);
    await setServer(repo.url);
  });

  it('refuses update with an invalid token (401)', async () => {
    expect((await post('/0.2/pg_mgr/install/update', {}, INVALID_TOKEN)).statusCode).toBe(401);
  });

  it('uninstalls then installs a plugin, with download progress in the monitor', async () => {
    await setServer(repo.url);
    await updateIndex();
    expect((await post('/0.2/pg_mgr/install/uninstall', { id: 'zero' })).statusCode).toBe(204);
    let installed = await t.api().json<{ pkgs: Record<string, unknown> }>('/0.2/pg_mgr/install/installed');
    expect(installed.pkgs).not.toHaveProperty('zero');
    expect((await t.api().get('/0.2/pg_mgr/plugins/zero')).statusCode).toBe(404);

    const response = await post('/0.2/pg_mgr/install/install', { id: 'zero' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.body).toBe('');
    const statuses = await follow(response.headers.location as string);
    expect(statuses.at(-1)).toMatch(/^install\|success\(download\|success;(\d+)\/\1\)$/);
    installed = await t.api().json<{ pkgs: Record<string, unknown> }>('/0.2/pg_mgr/install/installed');
    expect(installed.pkgs).toHaveProperty('zero');
    const info = await t
      .api()
      .json<{ plugin_info: Record<string, unknown> }>('/0.2/pg_mgr/plugins/zero/info');
    expect(info.plugin_info).toHaveProperty('capabilities');
  });

  it('refuses installing an unknown plugin, an installed one, and an invalid token', async () => {
    expect((await post('/0.2/pg_mgr/install/install', { id: 'invalid' })).statusCode).toBe(400);
    const again = await post('/0.2/pg_mgr/install/install', { id: 'test' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toBe('plugin test is already installed');
    expect((await post('/0.2/pg_mgr/install/install', { id: 'zero' }, INVALID_TOKEN)).statusCode).toBe(401);
  });

  it('refuses uninstalling a plugin that is not installed (400) and an invalid token (401)', async () => {
    expect((await post('/0.2/pg_mgr/install/uninstall', { id: 'nosuchplugin' })).statusCode).toBe(400);
    expect((await post('/0.2/pg_mgr/install/uninstall', { id: 'test' }, INVALID_TOKEN)).statusCode).toBe(401);
  });

  it('lists installed and installable plugins under pkgs; 401 with an invalid token', async () => {
    for (const path of ['/0.2/pg_mgr/install/installed', '/0.2/pg_mgr/install/installable']) {
      expect(await t.api().json(path)).toHaveProperty('pkgs');
      expect((await t.api(INVALID_TOKEN).get(path)).statusCode).toBe(401);
    }
  });

  it('answers plugin info: capabilities; 404 for unknown even with a bad token; 401 for known with one', async () => {
    const info = await t
      .api()
      .json<{ plugin_info: Record<string, unknown> }>('/0.2/pg_mgr/plugins/test/info');
    expect(info.plugin_info).toHaveProperty('capabilities');
    expect((await t.api().get('/0.2/pg_mgr/plugins/nosuchplugin/info')).statusCode).toBe(404);
    expect((await t.api(INVALID_TOKEN).get('/0.2/pg_mgr/plugins/nosuchplugin/info')).statusCode).toBe(404);
    expect((await t.api(INVALID_TOKEN).get('/0.2/pg_mgr/plugins/test/info')).statusCode).toBe(401);
  });

  it('lists loaded plugins with links, and a plugin’s links', async () => {
    const body = await t.api().json<{ plugins: Record<string, unknown> }>('/0.2/pg_mgr/plugins');
    expect(body.plugins.test).toEqual({ links: [{ rel: 'pg.plugin', href: '/0.2/pg_mgr/plugins/test' }] });
    const test = await t.api().json<{ links: { rel: string }[] }>('/0.2/pg_mgr/plugins/test');
    expect(test.links.map((l) => l.rel)).toEqual(['pg.info', 'srv.install']);
    const yealink = await t.api().json<{ links: { rel: string }[] }>('/0.2/pg_mgr/plugins/yealink');
    expect(yealink.links.map((l) => l.rel)).toEqual(['pg.info']);
  });

  it('lists a plugin’s packages; 401 with an invalid token; 404 for an unknown plugin with one', async () => {
    for (const kind of ['installed', 'installable']) {
      const path = `/0.2/pg_mgr/plugins/test/install/${kind}`;
      expect(await t.api().json(path)).toHaveProperty('pkgs');
      expect((await t.api(INVALID_TOKEN).get(path)).statusCode).toBe(401);
      expect(
        (await t.api(INVALID_TOKEN).get(`/0.2/pg_mgr/plugins/nosuchplugin/install/${kind}`)).statusCode,
      ).toBe(404);
    }
  });

  it('installs every installable package of the plugin (install_pkg success)', async () => {
    await setServer(repo.url);
    const installable = await t
      .api()
      .json<{ pkgs: Record<string, { dsize: number }> }>('/0.2/pg_mgr/plugins/test/install/installable');
    expect(Object.keys(installable.pkgs).length).toBeGreaterThan(0);
    for (const pkg of Object.keys(installable.pkgs)) {
      const response = await post('/0.2/pg_mgr/plugins/test/install/install', { id: pkg });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers.location).toMatch(/^\/0\.2\/pg_mgr\/plugins\/test\/install\/install\/\d+$/);
      const statuses = await follow(response.headers.location as string);
      expect(statuses.at(-1)).toMatch(/^install_pkg\|success\(download\|success.*\(install\|success\)$/);
    }
    const installed = await t
      .api()
      .json<{ pkgs: Record<string, unknown> }>('/0.2/pg_mgr/plugins/test/install/installed');
    expect(Object.keys(installed.pkgs)).toEqual(Object.keys(installable.pkgs));
    expect((await post('/0.2/pg_mgr/plugins/test/install/install', { id: 'nosuchpkg' })).statusCode).toBe(
      400,
    );
  });

  it('refuses a package install with an invalid token (401)', async () => {
    const response = await post(
      '/0.2/pg_mgr/plugins/test/install/install',
      { id: 'firmware-T1' },
      INVALID_TOKEN,
    );
    expect(response.statusCode).toBe(401);
  });

  it('refuses a plugin whose checksum does not match, leaving nothing installed', async () => {
    await setServer(repo.url);
    expect((await post('/0.2/pg_mgr/install/uninstall', { id: 'zero' })).statusCode).toBe(204);
    await patchIndex(repoDir, 'zero', { sha256: '0'.repeat(64) });
    await updateIndex();
    const response = await post('/0.2/pg_mgr/install/install', { id: 'zero' });
    const statuses = await follow(response.headers.location as string);
    expect(statuses.at(-1)).toMatch(/^install\|fail/);
    // Why, next to provd's status (an addition: the status grammar has no room for it).
    const monitor = await t.api().json<{ error?: string }>(response.headers.location as string);
    expect(monitor.error).toMatch(/checksum mismatch \(sha256 [0-9a-f]{64}, expected 0{64}\)$/);
    const installed = await t.api().json<{ pkgs: Record<string, unknown> }>('/0.2/pg_mgr/install/installed');
    expect(installed.pkgs).not.toHaveProperty('zero');
    expect((await t.api().get('/0.2/pg_mgr/plugins/zero')).statusCode).toBe(404);
  });

  it('reloads an installed plugin (204) and refuses an unknown one (400)', async () => {
    expect((await post('/0.2/pg_mgr/reload', { id: 'test' })).statusCode).toBe(204);
    expect((await post('/0.2/pg_mgr/reload', { id: 'nosuchplugin' })).statusCode).toBe(400);
  });

  it('deletes a monitor (204) without stopping anything; then 404', async () => {
    const response = await post('/0.2/pg_mgr/install/update', {});
    const location = response.headers.location as string;
    await follow(location);
    expect(Object.keys(await t.api().json(location))).toEqual(['status']);
    expect((await t.api().delete(location)).statusCode).toBe(204);
    expect((await t.api().get(location)).statusCode).toBe(404);
  });

  it('upgrades a plugin: its devices get files rendered by the new version', async () => {
    const work = await mkdtemp(join(tmpdir(), 'provd-rest-upgrade-'));
    const newer = await copySourcePlugin('test', join(work, 'plugins'));
    await setVersion(newer, '1.0.0', '1.0.1');
    await editFile(
      join(newer, 'templates', 'device.cfg.dot'),
      '# provd test plugin: device',
      '# test 1.0.1: device',
    );
    await buildRepository({ pluginsDir: join(work, 'plugins'), outDir: join(work, 'repo') });
    const upgraded = await serveRepository(join(work, 'repo'));
    try {
      const created = await post('/0.2/dev_mgr/devices', {
        device: { id: 'upgraded1', mac: '00:11:22:33:77:01', plugin: 'test', config: 'defaultconfigdevice' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const files = async () =>
        (
          await t
            .api()
            .json<{ files: { scope: string; content: string }[] }>('/0.2/dev_mgr/devices/upgraded1/files')
        ).files
          .filter((f) => f.scope === 'device')
          .map((f) => f.content)
          .join('');
      expect(await files()).toContain('# provd test plugin: device upgraded1');

      await setServer(upgraded.url);
      await updateIndex();
      const response = await post('/0.2/pg_mgr/install/upgrade', { id: 'test' });
      expect(response.statusCode, response.body).toBe(201);
      expect((await follow(response.headers.location as string)).at(-1)).toMatch(/^install\|success/);
      const installed = await t
        .api()
        .json<{ pkgs: Record<string, { version: string }> }>('/0.2/pg_mgr/install/installed');
      expect(installed.pkgs.test?.version).toBe('1.0.1');
      expect(await files()).toContain('# test 1.0.1: device upgraded1');
      expect((await post('/0.2/pg_mgr/install/upgrade', { id: 'nosuchplugin' })).statusCode).toBe(400);
    } finally {
      await setServer(repo.url);
      await upgraded.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  it('answers 404 for plugin parameters (no plugin has any), and 401 first for a known plugin', async () => {
    expect((await t.api().get('/0.2/pg_mgr/plugins/test/configure')).statusCode).toBe(404);
    expect((await t.api().get('/0.2/pg_mgr/plugins/test/configure/foo')).statusCode).toBe(404);
    expect(
      (await t.api().put('/0.2/pg_mgr/plugins/test/configure/foo', { param: { value: 1 } })).statusCode,
    ).toBe(404);
    expect((await t.api(INVALID_TOKEN).get('/0.2/pg_mgr/plugins/test/configure')).statusCode).toBe(401);
    expect((await t.api(INVALID_TOKEN).get('/0.2/pg_mgr/plugins/nosuchplugin/configure')).statusCode).toBe(
      404,
    );
  });
});
