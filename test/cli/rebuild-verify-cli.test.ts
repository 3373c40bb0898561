import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { lockDataDir } from '../../src/server/data-dir.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { appendDiscoveries } from '../projections/support/device-events.js';
import { FixtureAuth, MULTITENANT_TOKEN } from '../rest/support/fixture-auth.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { inProcess } from './support/in-process.js';
import { runProvd, seedDataDir } from './support/run-provd.js';

const MASTER = 'c0ffee00-0000-4000-8000-000000000001';

describe('provd rebuild / verify usage', () => {
  it.each([
    [['rebuild', 'devices'], /unexpected argument: devices/],
    [['rebuild', '--data-dir', 'x', '--url', 'http://127.0.0.1:1'], /takes neither --url nor --token/],
    [['verify', '--projection', 'devices'], /Unknown option '--projection'/],
    [['rebuild'], /no API token/],
  ])('provd %j is a usage error: exit 2', async (args, message) => {
    const run = await inProcess(args, {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('lists the projections in its help', async () => {
    const run = await inProcess(['rebuild', '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--projection <name> {2}devices, configs, device_history, settings, plugins,/);
  });
});

describe('provd rebuild / verify --data-dir (server stopped)', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir('provd-rebuild-cli-');
    await seedDataDir(dir.path, MASTER);
    const store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    await appendDiscoveries(store, 300);
    await store.close();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('rebuilds in the data dir with a progress bar; verify then finds it identical', async () => {
    const rebuilt = await runProvd(['rebuild', '--data-dir', dir.path]);
    expect(rebuilt.stderr).toMatch(/rebuild \[#+\] 100% \d{3}\/\d{3} events done/);
    expect(rebuilt.stdout).toMatch(/^rebuilt every projection in \d+\.\d s$/m);
    expect(rebuilt.code).toBe(0);

    const verified = await runProvd(['verify', '--data-dir', dir.path]);
    expect(verified.stdout).toMatch(
      /^read models match the event log at position \d+ \(9 projections, 19 tables, [\d,]+ rows\)$/m,
    );
    expect(verified.code).toBe(0);
  });

  it('verify reports a difference and exits with 1; rebuilding that projection repairs it', async () => {
    expect((await runProvd(['rebuild', '--data-dir', dir.path])).code).toBe(0);
    const db = new Database(join(dir.path, 'readmodel.db'));
    db.exec("UPDATE devices SET ip = '10.255.255.255' WHERE id = 'd7'");
    db.close();

    const verified = await runProvd(['verify', '--data-dir', dir.path]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^devices: devices seq=\d+: row differs in ip$/m);
    expect(verified.stdout).toMatch(/^ {2}expected: \{.*"ip":"10\.0\.0\.7".*\}$/m);
    expect(verified.stdout).toMatch(/^ {2}found: {4}\{.*"ip":"10\.255\.255\.255".*\}$/m);
    expect(verified.stderr).toMatch(/read models differ from the event log at position \d+: 1 difference/);

    expect((await runProvd(['rebuild', '--projection', 'devices', '--data-dir', dir.path])).code).toBe(0);
    expect((await runProvd(['verify', '--data-dir', dir.path])).code).toBe(0);
  });

  it('refuses an unknown projection with the list of them', async () => {
    const run = await runProvd(['rebuild', '--projection', 'device', '--data-dir', dir.path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown projection "device"');
    expect(run.stderr).toContain('devices, configs, device_history, settings, plugins, render_queue');
  });

  it('refuses to rebuild a data dir a server holds', async () => {
    const lock = lockDataDir(dir.path);
    try {
      const run = await runProvd(['rebuild', '--data-dir', dir.path]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`the data directory ${dir.path} is in use by another provd process`);
      expect(run.stderr).toContain('provd rebuild without --data-dir');
    } finally {
      lock.release();
    }
  });
});

describe('provd rebuild / verify through the running server', () => {
  let dir: TempDir;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await makeTempDir('provd-rebuild-rest-');
    server = await startServer(serverTestConfig(dir.path), pino({ level: 'silent' }), {
      auth: new FixtureAuth(),
    });
  });
  afterAll(async () => {
    await server.stop();
    await dir.remove();
  });

  it('rebuilds with a progress bar (PROVD_URL, PROVD_TOKEN), then verifies', async () => {
    // PROVD_URL as the audit commands take it, with /0.2: the same API.
    const env = { PROVD_URL: `${server.restUrl}/0.2`, PROVD_TOKEN: MULTITENANT_TOKEN };
    const rebuilt = await runProvd(['rebuild', '--projection', 'configs'], env);
    expect(rebuilt.stderr).toMatch(/rebuild (\[#+\] 100% [\d,]+\/[\d,]+ events )?done/);
    expect(rebuilt.stdout).toBe('rebuilt projection configs\n');
    expect(rebuilt.code).toBe(0);

    const verified = await runProvd(['verify', '--url', server.restUrl, '--token', MULTITENANT_TOKEN]);
    expect(verified.stdout).toMatch(/^read models match the event log at position \d+/);
    expect(verified.code).toBe(0);
  });

  it("passes on the server's refusal of an unknown projection", async () => {
    const run = await runProvd(['rebuild', '--projection', 'nope'], {
      PROVD_URL: server.restUrl,
      PROVD_TOKEN: MULTITENANT_TOKEN,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown projection "nope"; the projections are: devices, configs');
  });
});
