import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { loadCheckpoints } from '../../src/projections/runner/checkpoint-table.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { type ProvdChild, spawnProvd } from './support/provd-child.js';
import { tftpRead } from './support/tftp-client.js';

/**
 * SIGTERM as systemd and docker send it, to a real provd process with a phone downloading a
 * firmware image over HTTP and another one fetching a file over TFTP at a slow phone's pace.
 */

const TEST_DEVICE = 'model=T1; version=1.0; mac=00:11:22:33:44:55';
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** An HTTP/1.1 GET on a raw socket that stops reading after the first bytes, until resumed. */
const stalledDownload = (port: number, path: string) => {
  const socket: Socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let first: () => void;
  const started = new Promise<void>((resolve) => {
    first = resolve;
  });
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    if (chunks.length === 1) {
      socket.pause();
      first();
    }
  });
  const ended = new Promise<Buffer>((resolve, reject) => {
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: provd\r\nX-Test-Device: ${TEST_DEVICE}\r\nConnection: close\r\n\r\n`,
  );
  return { started, resume: () => socket.resume(), ended };
};

/** Resolves once nothing accepts TCP connections on `port` any more. */
const refused = async (port: number): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    const accepted = await new Promise<boolean>((resolve) => {
      const probe = connect(port, '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (!accepted) return;
    await sleep(20);
  }
  throw new Error(`port ${port} still accepts connections`);
};

const dirs: TempDir[] = [];
const children: ProvdChild[] = [];
afterEach(async () => {
  for (const provd of children.splice(0)) {
    if (provd.child.exitCode === null) provd.child.kill('SIGKILL');
    await provd.exited;
  }
  for (const dir of dirs.splice(0)) await dir.remove();
});

describe('SIGTERM', () => {
  it('stops accepting, lets a slow HTTP download and a slow TFTP transfer finish, then exits 0', async () => {
    const dir = await makeTempDir('provd-shutdown-');
    dirs.push(dir);
    const provd = spawnProvd({
      PROVD_DATA_DIR: dir.path,
      PROVD_REST_HOST: '127.0.0.1',
      PROVD_REST_PORT: '0',
      PROVD_HTTP_HOST: '127.0.0.1',
      PROVD_HTTP_PORT: '0',
      PROVD_TFTP_HOST: '127.0.0.1',
      PROVD_TFTP_PORT: '0',
      PROVD_ADVERTISED_URL: 'http://127.0.0.1:8667',
      PROVD_ADMIN_TOKEN: 'shutdown-test-admin-token-0123456789',
      PROVD_LOG_LEVEL: 'info',
    });
    children.push(provd);
    const started = await provd.line((line) => line.msg === 'provd started');
    const httpPort = Number(new URL(String(started.http)).port);
    const restPort = Number(new URL(String(started.rest)).port);
    const tftpPort = Number(started.tftp);
    expect(tftpPort).toBeGreaterThan(0);

    // The test phone is created by its first request, from 127.0.0.1, with the test plugin.
    const first = await fetch(`http://127.0.0.1:${httpPort}/test-001122334455.cfg`, {
      headers: { 'x-test-device': TEST_DEVICE },
    });
    expect(first.status).toBe(200);
    // Files in the plugin's doc root are served as they are (firmware).
    const docRoot = join(realpathSync(join(dir.path, 'plugins', 'test')), 'files');
    mkdirSync(docRoot, { recursive: true });
    const firmware = randomBytes(16 * 1024 * 1024);
    const slow = randomBytes(96 * 512 + 100);
    writeFileSync(join(docRoot, 'firmware.bin'), firmware);
    writeFileSync(join(docRoot, 'slow.bin'), slow);

    const download = stalledDownload(httpPort, '/firmware.bin');
    let blocks = 0;
    const transfer = tftpRead(tftpPort, 'slow.bin', {
      ackDelayMs: 20,
      onBlock: (block) => {
        blocks = block;
      },
    });
    await download.started;
    while (blocks < 3) await sleep(10);

    provd.child.kill('SIGTERM');
    await provd.line((line) => String(line.msg).startsWith('shutting down'));
    // No new connection on either TCP listener while the two transfers go on.
    await refused(httpPort);
    await refused(restPort);
    expect(provd.child.exitCode).toBeNull();
    expect(blocks).toBeLessThan(97);

    download.resume();
    const response = await download.ended;
    const split = response.indexOf('\r\n\r\n');
    expect(response.subarray(0, split).toString()).toMatch(/^HTTP\/1\.1 200 /);
    expect(sha256(response.subarray(split + 4))).toBe(sha256(firmware));
    expect(sha256(await transfer)).toBe(sha256(slow));

    expect(await provd.exited).toBe(0);
    expect(provd.lines.some((line) => line.msg === 'provd stopped')).toBe(true);
    expect(provd.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);

    // Closed cleanly: every projection's checkpoint is at the head of the log.
    const store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    const head = await store.headPosition();
    await store.close();
    const db = openReadModelDb(join(dir.path, 'readmodel.db'));
    try {
      const checkpoints = [...loadCheckpoints(db).values()];
      expect(checkpoints.length).toBeGreaterThan(3);
      for (const checkpoint of checkpoints) expect(checkpoint.position, checkpoint.name).toBe(head);
    } finally {
      db.close();
    }
  });
});
