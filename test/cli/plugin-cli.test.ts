import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import {
  buildSourceRepository,
  patchIndex,
  readIndex,
} from '../plugin-packages/support/fixture-repository.js';
import { type RepositoryServer, serveRepository } from '../plugin-packages/support/repository-server.js';
import { INVALID_TOKEN, MULTITENANT_TOKEN } from '../rest/support/fixture-auth.js';
import { type RestTestServer, startRestServer } from '../rest/support/rest-server.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { captureIo } from './support/capture-io.js';
import { inProcess } from './support/in-process.js';
import { runProvd } from './support/run-provd.js';

/**
 * `provd plugin …` against a whole server on loopback (its REST API, its plugin manager), the
 * plugin repository served over HTTP. One server for the file, and the tests run in order: the
 * first fetches the index the others install from.
 */

let t: RestTestServer;
let repoDir: TempDir;
let repo: RepositoryServer;
let url: string;
const env = { PROVD_TOKEN: MULTITENANT_TOKEN };

beforeAll(async () => {
  t = await startRestServer();
  repoDir = await makeTempDir('provd-cli-repo-');
  await buildSourceRepository(repoDir.path);
  repo = await serveRepository(repoDir.path);
  const set = await t.api().put('/0.2/configure/plugin_server', { param: { value: repo.url } });
  expect(set.statusCode, set.body).toBe(204);
  url = t.server.restUrl;
});
afterAll(async () => {
  await t?.close();
  await repo?.close();
  await repoDir?.remove();
});

/** `provd plugin <args> --url <the test server>`, in this process. */
const plugin = (args: readonly string[], extraEnv: Record<string, string> = {}) =>
  inProcess(['plugin', ...args, '--url', url], { ...env, ...extraEnv });

/** The same with output watched live. */
const pluginLive = (args: readonly string[], options: { terminal?: boolean } = {}) => {
  const captured = captureIo(options);
  const code = runCli(['plugin', ...args, '--url', url], env, captured.io);
  return { ...captured, code };
};

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** A loopback port nothing listens on. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

describe('provd plugin (against a running server)', () => {
  it('updates the index, drawing the download, and removes the monitor afterwards', async () => {
    const run = await plugin(['update']);
    expect(run.stderr).toMatch(/^update .*done$/m);
    expect(run.code).toBe(0);
    const count = Object.keys(await readIndex(repoDir.path)).length;
    expect(run.stdout).toBe(`plugin index updated: ${count} plugins installable\n`);
    // The first monitor of the collection was the command's: it deleted it when done.
    expect((await t.api().get('/0.2/pg_mgr/install/update/1')).statusCode).toBe(404);
  });

  it('lists installed plugins with version and description, and as JSON', async () => {
    const run = await plugin(['list']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const table = lines(run.stdout);
    expect(table[0]).toMatch(/^ID\s+VERSION\s+DESCRIPTION$/);
    expect(table.find((line) => line.startsWith('test '))).toMatch(/^test\s+1\.0\.0\s+Deterministic plugin/);
    expect(table.map((line) => line.split(/\s+/)[0])).toEqual(['ID', 'null', 'test', 'yealink', 'zero']);

    const json = await plugin(['list', '--json']);
    const plugins = JSON.parse(json.stdout) as { id: string; version: string; capabilities: object }[];
    expect(plugins.map((p) => p.id)).toEqual(['null', 'test', 'yealink', 'zero']);
    expect(plugins.find((p) => p.id === 'test')).toMatchObject({ version: '1.0.0' });
  });

  it('lists installable plugins, marking installed and upgradable ones', async () => {
    const index = await readIndex(repoDir.path);
    await patchIndex(repoDir.path, 'zero', { version: '9.0.0' });
    try {
      expect((await plugin(['update'])).code).toBe(0);
      const run = await plugin(['installable']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const table = lines(run.stdout);
      expect(table[0]).toMatch(/^ID\s+VERSION\s+STATUS\s+SIZE\s+DESCRIPTION$/);
      expect(table.find((line) => line.startsWith('zero '))).toMatch(
        new RegExp(`^zero\\s+9\\.0\\.0\\s+upgradable from ${index.zero!.version.replace(/\./g, '\\.')}\\s+`),
      );
      expect(table.find((line) => line.startsWith('test '))).toMatch(/^test\s+1\.0\.0\s+installed\s+\d/);

      const json = JSON.parse((await plugin(['installable', '--json'])).stdout) as {
        id: string;
        installed: string | null;
        upgradable: boolean;
      }[];
      expect(json.find((p) => p.id === 'zero')).toMatchObject({
        installed: index.zero!.version,
        upgradable: true,
      });
      expect(json.find((p) => p.id === 'test')).toMatchObject({ installed: '1.0.0', upgradable: false });
    } finally {
      await patchIndex(repoDir.path, 'zero', { version: index.zero!.version });
      expect((await plugin(['update'])).code).toBe(0);
    }
  });

  it('uninstalls then installs a plugin, the bar moving with the download (one line per change)', async () => {
    const uninstalled = await plugin(['uninstall', 'zero']);
    expect(uninstalled).toMatchObject({ code: 0, stdout: 'uninstalled plugin zero\n', stderr: '' });
    expect(JSON.parse((await plugin(['list', '--json'])).stdout)).not.toContainEqual(
      expect.objectContaining({ id: 'zero' }),
    );

    // Half the archive, then the server waits: the command must show a bar partly filled.
    const { zero } = await readIndex(repoDir.path);
    let release = (): void => {};
    repo.hold(
      zero!.filename,
      Math.floor(zero!.dsize / 2),
      new Promise<void>((resolve) => (release = resolve)),
    );
    const run = pluginLive(['install', 'zero']);
    try {
      const partial = await run.errLine(/^install zero \[#*\.+\] \d+% /);
      expect(partial).toMatch(/ (4\d|5\d)% /);
    } finally {
      release();
    }
    expect(await run.code).toBe(0);
    expect(run.out).toEqual([`installed plugin zero ${zero!.version}`]);
    expect(run.err.at(-1)).toMatch(/^install zero \[#{20}\] 100% \S+\/\S+ k?B done$/);
    expect(new Set(run.err).size).toBe(run.err.length);
    expect(run.err.join('\n')).not.toContain('\r');
    expect(JSON.parse((await plugin(['list', '--json'])).stdout)).toContainEqual(
      expect.objectContaining({ id: 'zero' }),
    );
  });

  it('redraws the bar in place on a terminal', async () => {
    const run = pluginLive(['upgrade', 'zero'], { terminal: true });
    expect(await run.code).toBe(0);
    expect(run.out).toEqual([expect.stringMatching(/^upgraded plugin zero to \d/)]);
    expect(run.err).toEqual([]);
    const drawn = run.terminalText();
    expect(drawn.startsWith('\rinstall zero ')).toBe(true);
    expect(drawn.endsWith('\n')).toBe(true);
    expect(drawn.slice(0, -1)).not.toContain('\n');
    expect(drawn.trimEnd().split('\r').at(-1)).toMatch(/^install zero \[#{20}\] 100% .* done$/);
  });

  it('fails with the reason when the operation fails (exit 1)', async () => {
    const { zero } = await readIndex(repoDir.path);
    await patchIndex(repoDir.path, 'zero', { sha256: '0'.repeat(64) });
    try {
      expect((await plugin(['update'])).code).toBe(0);
      const run = await plugin(['upgrade', 'zero']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^install zero .*failed$/m);
      expect(run.stderr).toMatch(/^provd: upgrade of plugin zero failed: .*checksum mismatch/m);
    } finally {
      await patchIndex(repoDir.path, 'zero', { sha256: zero!.sha256 });
      expect((await plugin(['update'])).code).toBe(0);
    }
  });

  it('shows the server’s refusal as it is, with its status (exit 1)', async () => {
    const unknown = await plugin(['install', 'nosuchplugin']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(lines(unknown.stderr)).toEqual([
      'provd: plugin nosuchplugin is not in the plugin index (400)',
      '  `provd plugin installable` shows what the index offers and what is installed',
    ]);
    const twice = await plugin(['install', 'test']);
    expect(twice).toMatchObject({ code: 1 });
    expect(twice.stderr).toMatch(/^provd: plugin test is already installed \(400\)$/m);
    const notInstalled = await plugin(['uninstall', 'nosuchplugin']);
    expect(notInstalled.code).toBe(1);
    expect(notInstalled.stderr).toMatch(/^provd: plugin not found \(400\)$/m);
  });

  it('says the token was refused (401)', async () => {
    const run = await plugin(['list', '--token', INVALID_TOKEN]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^provd: the token was refused \(401\)$/m);
    expect(run.stderr).toMatch(/`provd token create`/);
  });

  it('says when nothing answers at the URL', async () => {
    const port = await closedPort();
    const run = await inProcess(['plugin', 'list', '--url', `http://127.0.0.1:${port}/`], env);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)[0]).toBe(
      `provd: cannot reach provd at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('lists, installs and uninstalls a package of the test plugin', async () => {
    const before = await plugin(['packages', 'test']);
    expect(before).toMatchObject({ code: 0, stderr: '' });
    expect(lines(before.stdout)).toEqual([
      expect.stringMatching(/^ID\s+VERSION\s+STATUS\s+SIZE\s+DESCRIPTION$/),
      expect.stringMatching(/^firmware-T1\s+1\.1\s+189 B\s+Firmware 1\.1 for the T1 test phone/),
    ]);

    const run = await plugin(['install-package', 'test', 'firmware-T1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('installed package firmware-T1 of plugin test\n');
    expect(lines(run.stderr).at(-1)).toBe(
      'install_pkg test firmware-T1 [####################] 100% 189/189 B done',
    );
    const after = JSON.parse((await plugin(['packages', 'test', '--json'])).stdout) as unknown[];
    expect(after).toEqual([
      expect.objectContaining({ id: 'firmware-T1', version: '1.1', dsize: 189, installed: '1.1' }),
    ]);
    expect((await plugin(['packages', 'test'])).stdout).toMatch(/^firmware-T1\s+1\.1\s+installed\s+189 B/m);

    const removed = await plugin(['uninstall-package', 'test', 'firmware-T1']);
    expect(removed).toMatchObject({ code: 0, stdout: 'uninstalled package firmware-T1 of plugin test\n' });
    expect(JSON.parse((await plugin(['packages', 'test', '--json'])).stdout)).toEqual([
      expect.objectContaining({ id: 'firmware-T1', installed: null }),
    ]);

    const none = await plugin(['packages', 'zero']);
    expect(none.code).toBe(1);
    expect(lines(none.stderr)).toEqual([
      'provd: No such resource (404)',
      '  plugin zero is not installed or offers no packages: see `provd plugin list`',
    ]);
    const unknown = await plugin(['install-package', 'test', 'nosuchpkg']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^provd: package not found \(400\)$/m);
  });

  it('runs as its own process, finding the server from the configuration without --url', async () => {
    const port = new URL(url).port;
    const listed = await runProvd(['plugin', 'list'], { ...env, PROVD_REST_PORT: port });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^test\s+1\.0\.0\s+/m);

    // Standard error is a pipe here: progress comes one line per change.
    const updated = await runProvd(['plugin', 'update', '--url', url], env);
    expect(updated.code).toBe(0);
    expect(updated.stderr).not.toContain('\r');
    expect(updated.stderr).toMatch(/^update .*done\n$/m);

    const refused = await runProvd(['plugin', 'install', 'nosuchplugin', '--url', url], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^provd: plugin nosuchplugin is not in the plugin index \(400\)$/m);
  });
});

describe('provd plugin usage', () => {
  const USAGE_ERRORS: readonly (readonly [string[], RegExp, RegExp])[] = [
    [['plugin'], /missing command/, /usage: provd plugin <command>/],
    [['plugin', 'frob'], /unknown command: plugin frob/, /usage: provd plugin <command>/],
    [['plugin', 'install'], /missing argument/, /usage: provd plugin install <id>/],
    [['plugin', 'install', 'a', 'b'], /unexpected argument: b/, /usage: provd plugin install <id>/],
    [['plugin', 'install-package', 'test'], /missing argument/, /usage: provd plugin install-package/],
    [['plugin', 'list', '--bogus'], /Unknown option '--bogus'/, /usage: provd plugin list/],
    [['plugin', 'list', '--url', 'ftp://host/'], /--url: expected an http or https URL/, /usage/],
    [['plugin', 'list', '--url', 'not a url'], /--url: not a URL/, /usage/],
  ];

  it.each(USAGE_ERRORS)('provd %j is a usage error: exit 2', async (args, message, usage) => {
    const run = await inProcess(args, { PROVD_TOKEN: 'whatever' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n').slice(1).join('\n')).toMatch(usage);
  });

  it('wants a token and says how to get one (exit 2), as a real process too', async () => {
    const run = await inProcess(['plugin', 'list', '--url', 'http://127.0.0.1:9'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^provd: no API token: pass --token <token> or set PROVD_TOKEN/);
    expect(run.stderr).toMatch(/`provd token create` makes one/);
    const child = await runProvd(['plugin', 'list', '--url', 'http://127.0.0.1:9']);
    expect(child.code).toBe(2);
    expect(child.stderr).toMatch(/no API token/);
  });

  it('never takes an option’s value for the command', async () => {
    const run = await inProcess(['plugin', '--token', 'secret-value', 'frob'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command: plugin frob/);
    expect(run.stderr).not.toContain('secret-value');
  });

  it.each([
    [['plugin', '--help'], /usage: provd plugin <command>/],
    [['plugin', 'install', '--help'], /does not stop the install/],
    [['plugin', 'packages', '-h'], /optional packages/],
    [['plugin', 'update', '--help'], /--token <token>/],
  ])('provd %j prints its usage: exit 0', async (args, usage) => {
    const run = await inProcess(args, {});
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(usage);
  });
});
