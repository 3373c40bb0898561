import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import { runProvd } from '../cli/support/run-provd.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { ADMIN_TOKEN, type ProvdChild, startProvd } from './support/provd-child.js';
import { runWriteLoad } from './support/write-load.js';

interface DeviceDoc {
  readonly id: string;
  readonly mac?: string;
  readonly description?: string;
}

let dir: TempDir | undefined;
const running: ProvdChild[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.kill9();
  await dir?.remove();
});

const devicesOf = async (server: ProvdChild): Promise<DeviceDoc[]> => {
  const response = await fetch(`${server.restUrl}/0.2/dev_mgr/devices`, {
    headers: { 'x-auth-token': ADMIN_TOKEN, accept: PROV_MIME },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { devices: DeviceDoc[] }).devices;
};

describe('kill -9 under a write load', () => {
  it('loses no acknowledged write, and the read models come back equal to a rebuild', async () => {
    dir = await makeTempDir('provd-kill9-');
    const first = await startProvd({ dataDir: dir.path });
    running.push(first);

    let killed = false;
    const load = runWriteLoad(first, { admins: 4, phones: 4, stop: () => killed });
    const started = Date.now();
    await sleep(2_500);
    // Killed in the middle of requests, not between them: the workers never pause.
    await first.kill9();
    killed = true;
    const record = await load;
    const loadMs = Date.now() - started;
    // Every worker ended on a request the dead server could not answer.
    expect(record.errors).toBe(8);
    expect(record.created.size).toBeGreaterThan(10);
    expect(record.discovered.size).toBeGreaterThan(10);

    const second = await startProvd({ dataDir: dir.path });
    running.push(second);
    const devices = await devicesOf(second);
    const byId = new Map(devices.map((device) => [device.id, device]));
    const macs = new Set(devices.map((device) => device.mac));

    for (const [id, mac] of record.created) expect(byId.get(id)?.mac, `created ${id}`).toBe(mac);
    for (const [id, description] of record.updated) {
      // The update under way when the server died may or may not have been written.
      const possible = [description, record.unanswered.get(id)];
      expect(possible, `updated ${id}`).toContain(byId.get(id)?.description);
    }
    for (const mac of record.discovered) expect(macs.has(mac), `discovered ${mac}`).toBe(true);

    const verified = await runProvd(['verify'], { PROVD_URL: second.restUrl, PROVD_TOKEN: ADMIN_TOKEN });
    expect(verified.stdout).toMatch(/^read models match the event log at position \d+/m);
    expect(verified.code).toBe(0);

    await second.stop();
    running.pop();
    const log = new Database(join(dir.path, 'events.db'), { readonly: true });
    expect(log.pragma('integrity_check', { simple: true })).toBe('ok');
    log.close();
    // For the report: how much was going on when the process died.
    console.info(
      `kill -9 after ${loadMs} ms: ${record.created.size} creations, ${record.updated.size} updated, ` +
        `${record.discovered.size} phones acknowledged`,
    );
  });
});
