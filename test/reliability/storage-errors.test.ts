import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import { newEventId } from '../../src/eventstore/event-id.js';
import { runProvd } from '../cli/support/run-provd.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { ADMIN_TOKEN, type ProvdChild, runProvdToExit, startProvd } from './support/provd-child.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

// Root may write anywhere: the server is then run as `nobody` for permissions to apply.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};

let dir: TempDir | undefined;
const running: ProvdChild[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.kill9();
  if (dir !== undefined) {
    await run('chmod', ['-R', 'u+rwX', dir.path]);
    await dir.remove();
  }
});

/** A directory other users may walk through, for the data dirs below it. */
const openTempDir = async (): Promise<TempDir> => {
  const made = await makeTempDir('provd-storage-');
  chmodSync(made.path, 0o755);
  return made;
};

const integrityOf = (file: string): unknown => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
};

describe('a data directory provd cannot write', () => {
  it('stops the start with a message naming the directory', async () => {
    dir = await openTempDir();
    const data = join(dir.path, 'data');
    mkdirSync(data, { mode: 0o555 });
    chmodSync(data, 0o555);

    const { code, output } = await runProvdToExit({ dataDir: data, ...user });

    expect(code).toBe(1);
    expect(output).toContain(`provd: failed to start: the data directory ${data} is not writable (EACCES)`);
  });

  it('one it cannot create, or whose event log is read-only, likewise', async () => {
    dir = await openTempDir();
    const parent = join(dir.path, 'locked');
    mkdirSync(parent, { mode: 0o555 });
    chmodSync(parent, 0o555);
    const missing = join(parent, 'data');
    const created = await runProvdToExit({ dataDir: missing, ...user });
    expect(created.code).toBe(1);
    expect(created.output).toContain(
      `provd: failed to start: cannot create the data directory ${missing} (EACCES)`,
    );

    const data = join(dir.path, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'events.db'), '');
    chmodSync(join(data, 'events.db'), 0o444);
    if (asRoot) {
      chownSync(data, NOBODY, NOBODY);
      chownSync(join(data, 'events.db'), NOBODY, NOBODY);
    }
    const readOnly = await runProvdToExit({ dataDir: data, ...user });
    expect(readOnly.code).toBe(1);
    expect(readOnly.output).toContain(`the file ${join(data, 'events.db')} is not writable (EACCES)`);
  });
});

describe('a disk that fills up', () => {
  it('makes appends fail with a clear error and leaves the log whole', async () => {
    dir = await makeTempDir('provd-full-log-');
    const path = join(dir.path, 'events.db');
    const script = join(repositoryRoot, 'test', 'reliability', 'support', 'append-until-full.ts');
    // 1 MiB: the log's write-ahead file reaches it long before SQLite would checkpoint it.
    const { stdout } = await run(
      'sh',
      ['-c', 'ulimit -f 2048 && exec "$@"', 'sh', process.execPath, '--import', 'tsx', script, path],
      { cwd: repositoryRoot },
    );
    const outcome = JSON.parse(stdout) as {
      acked: number;
      failure?: { code: string; message: string };
      again?: string;
    };
    expect(outcome.acked).toBeGreaterThan(10);
    expect(outcome.failure?.code).toMatch(/^SQLITE_(FULL|IOERR)/);
    expect(outcome.failure?.message).toMatch(/disk/);
    expect(outcome.again).toBe(outcome.failure?.message);

    // Without the limit: every acknowledged append is there, the failed ones are not, and the
    // log takes new appends.
    expect(integrityOf(path)).toBe('ok');
    const store = new SqliteEventStore({ path });
    try {
      expect(await store.headPosition()).toBe(outcome.acked);
      await store.append(
        'device-after',
        [
          {
            id: newEventId(),
            type: 'DeviceDeleted',
            schemaVersion: 1,
            data: {},
            metadata: { source: 'system' },
          },
        ],
        'no_stream',
      );
      expect(await store.headPosition()).toBe(outcome.acked + 1);
    } finally {
      await store.close();
    }
  });

  it('a server answers 503 with the reason, keeps running, and comes back whole', async () => {
    dir = await makeTempDir('provd-full-server-');
    // 2 MiB per file: enough to start, soon too little for the read models' write-ahead file.
    const server = await startProvd({ dataDir: dir.path, fileBlocks: 4096 });
    running.push(server);
    const post = (mac: string) =>
      fetch(`${server.restUrl}/0.2/dev_mgr/devices`, {
        method: 'POST',
        headers: { 'x-auth-token': ADMIN_TOKEN, 'content-type': PROV_MIME, accept: PROV_MIME },
        body: JSON.stringify({ device: { mac, description: 'd'.repeat(2_000) } }),
      });
    const acked: string[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 2_000 && refused === undefined; i++) {
      const response = await post(
        `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
      );
      if (response.status === 201) acked.push(((await response.json()) as { id: string }).id);
      else refused = response;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await refused?.text()).toMatch(
      /^(the read models cannot be written|provd cannot write its data): .*\(SQLITE_(FULL|IOERR\w*)\)/,
    );

    // Still up, and saying what is wrong.
    const again = await post('02:00:00:ff:ff:ff');
    expect(again.status).toBe(503);
    const status = await fetch(`${server.restUrl}/0.2/status`, { headers: { 'x-auth-token': ADMIN_TOKEN } });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { projections: { error?: string } }).projections.error).toMatch(
      /cannot be written/,
    );
    expect(server.child.exitCode).toBeNull();

    await server.kill9();
    running.pop();
    expect(integrityOf(join(dir.path, 'events.db'))).toBe('ok');
    const restarted = await startProvd({ dataDir: dir.path });
    running.push(restarted);
    for (const id of acked) {
      const device = await fetch(`${restarted.restUrl}/0.2/dev_mgr/devices/${id}`, {
        headers: { 'x-auth-token': ADMIN_TOKEN },
      });
      expect(device.status, id).toBe(200);
    }
    const verified = await runProvd(['verify'], { PROVD_URL: restarted.restUrl, PROVD_TOKEN: ADMIN_TOKEN });
    expect(verified.stdout).toMatch(/^read models match the event log/m);
    expect(verified.code).toBe(0);
  });
});
