import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import { ALL_PROJECTIONS } from '../../src/projections/read-models.js';
import { runProvd } from '../cli/support/run-provd.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { ADMIN_TOKEN, type ProvdChild, startProvd } from './support/provd-child.js';
import { seedLog } from './support/seed-log.js';

let dir: TempDir | undefined;
const running: ProvdChild[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.kill9();
  await dir?.remove();
});

const headers = { 'x-auth-token': ADMIN_TOKEN, accept: PROV_MIME };

const monitor = async (server: ProvdChild, location: string): Promise<string> => {
  const response = await fetch(`${server.restUrl}${location}`, { headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { status: string }).status;
};

const progressOf = (status: string): { position: number; head: number } | undefined => {
  const match = /^rebuild\|progress;(\d+)\/(\d+)$/.exec(status);
  return match === null ? undefined : { position: Number(match[1]), head: Number(match[2]) };
};

describe('kill -9 during a rebuild', () => {
  it('the next start resumes the rebuild where it was, and the read models then verify', async () => {
    dir = await makeTempDir('provd-rebuild-kill-');
    const head = await seedLog(dir.path, 4_000);
    const first = await startProvd({ dataDir: dir.path });
    running.push(first);

    const started = await fetch(`${first.restUrl}/0.2/admin/rebuild`, {
      method: 'POST',
      headers: { ...headers, 'content-type': PROV_MIME },
      body: '{}',
    });
    expect(started.status).toBe(201);
    const location = started.headers.get('location')!;
    let reached: { position: number; head: number } | undefined;
    for (;;) {
      const status = await monitor(first, location);
      expect(status, 'the rebuild ended before it could be interrupted').toMatch(/^rebuild\|progress/);
      reached = progressOf(status);
      if (reached !== undefined && reached.position >= head / 4) break;
      await sleep(10);
    }
    await first.kill9();
    expect(reached.position).toBeLessThan(head);

    const second = await startProvd({ dataDir: dir.path });
    running.push(second);
    const [resumed] = second.logged('resuming the rebuild the last run did not finish');
    expect(resumed?.projections).toEqual(ALL_PROJECTIONS.map((projection) => projection.name).sort());
    // Carried on from what the killed process had committed, not from the start of the log.
    expect(resumed?.from).toBeGreaterThanOrEqual(reached.position);

    let status = await monitor(second, '/0.2/admin/rebuild/1');
    while (/^rebuild\|progress/.test(status)) {
      await sleep(50);
      status = await monitor(second, '/0.2/admin/rebuild/1');
    }
    expect(status).toMatch(/^rebuild\|success;\d+\/\d+$/);
    expect(second.logged('read models rebuilt and swapped in')).toHaveLength(1);

    const verified = await runProvd(['verify'], { PROVD_URL: second.restUrl, PROVD_TOKEN: ADMIN_TOKEN });
    expect(verified.stdout).toMatch(/^read models match the event log at position \d+ \(9 projections/m);
    expect(verified.code).toBe(0);

    await second.stop();
    running.pop();
    const db = new Database(join(dir.path, 'readmodel.db'), { readonly: true });
    const left = db
      .prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'rebuild\\_\\_%' ESCAPE '\\'")
      .all();
    db.close();
    expect(left).toEqual([]);
  });
});
