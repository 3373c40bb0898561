import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { FixtureAuth, MULTITENANT_TOKEN } from '../rest/support/fixture-auth.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

/**
 * The backup procedure of docs/operations.md: an online copy of events.db with the sqlite3
 * shell while provd serves, restored alone into an empty data dir; the read models are rebuilt
 * from it at start.
 */

const dirs: TempDir[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) await dir.remove();
});

const start = async (dataDir: string): Promise<RunningServer> => {
  const server = await startServer(serverTestConfig(dataDir), pino({ level: 'silent' }), {
    auth: new FixtureAuth(),
  });
  servers.push(server);
  return server;
};

const tempDir = async (): Promise<string> => {
  const dir = await makeTempDir('provd-backup-');
  dirs.push(dir);
  return dir.path;
};

describe('backup and restore of the event log', () => {
  it('copies events.db online with sqlite3 .backup; a data dir holding only the copy comes back whole', async (context) => {
    if (spawnSync('sqlite3', ['-version']).status !== 0) context.skip('the sqlite3 shell is not installed');
    const live = await tempDir();
    const server = await start(live);
    const created = await fetch(`${server.restUrl}/0.2/dev_mgr/devices`, {
      method: 'POST',
      headers: { 'x-auth-token': MULTITENANT_TOKEN, 'content-type': PROV_MIME },
      body: JSON.stringify({ device: { id: 'backed-up', mac: '00:11:22:33:44:66' } }),
    });
    expect(created.status).toBe(201);
    const head = await server.store.headPosition();

    const backup = join(await tempDir(), 'events.db');
    // While the server runs and holds its connection: the backup API copies a consistent state.
    await new Promise<void>((resolve, reject) =>
      execFile('sqlite3', [join(live, 'events.db'), `.backup '${backup}'`], (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    expect(
      (
        await fetch(`${server.restUrl}/0.2/dev_mgr/devices/backed-up`, {
          headers: { 'x-auth-token': MULTITENANT_TOKEN },
        })
      ).status,
    ).toBe(200);

    const restored = await tempDir();
    copyFileSync(backup, join(restored, 'events.db'));
    expect(existsSync(join(restored, 'readmodel.db'))).toBe(false);
    const again = await start(restored);
    expect(await again.store.headPosition()).toBe(head);
    expect(again.runner.position()).toBe(head);
    expect(again.readModels.devices.get('backed-up')).toMatchObject({ mac: '00:11:22:33:44:66' });
  });
});
