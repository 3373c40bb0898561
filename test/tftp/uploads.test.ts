/** Write requests into an upload area (Polycom phones upload logs and local settings). */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeData, encodeRequest } from '../../src/adapters/tftp/packets.js';
import type { TftpWriteRequest } from '../../src/adapters/tftp/types.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { curlPut, has, run, tftpHpaPut } from './support/clients.js';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.js';
import { RawClient } from './support/raw-client.js';

const HOST = '127.0.0.1';
let dir: TempDir;
let uploadDir: string;
let fx: FixtureServer;
const requests: TftpWriteRequest[] = [];
const clients: RawClient[] = [];

beforeAll(async () => {
  dir = await makeTempDir('provd-tftp-uploads-');
  uploadDir = join(dir.path, 'uploads');
  await mkdir(uploadDir);
  fx = await startFixtureServer(dir.path, {
    timeoutMs: 200,
    uploads: {
      maxBytes: 4 * 1024 * 1024,
      accept: async (request) => {
        requests.push(request);
        if (request.filename.startsWith('deny')) return { kind: 'denied', reason: 'not an upload name' };
        const small = request.filename.startsWith('small');
        return {
          kind: 'accept',
          path: join(uploadDir, basename(request.filename)),
          ...(small ? { maxBytes: 1000 } : {}),
        };
      },
    },
  });
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
  await fx?.close();
  await dir?.remove();
});

const source = async (name: string, content: Uint8Array | string): Promise<string> => {
  const path = join(dir.path, name);
  await writeFile(path, content);
  return path;
};

/** Nothing half-written is left in the upload area. */
const expectNoPartFiles = async (): Promise<void> => {
  expect((await readdir(uploadDir)).filter((f) => f.endsWith('.part'))).toEqual([]);
};

const rawClient = async (): Promise<RawClient> => {
  const c = await RawClient.open(HOST);
  clients.push(c);
  return c;
};

describe('uploads with real clients', () => {
  it.skipIf(!has('tftp'))('tftp-hpa puts a file (binary), stored byte-exact via a temp file', async () => {
    const content = randomBytes(100_000);
    const r = await tftpHpaPut(HOST, fx.port, await source('phone.bin', content), '0004f2aabbcc-phone.cfg');
    expect(r.stdout + r.stderr).not.toMatch(/Error/);
    await waitFor(
      () => fx.eventsOf('transfer-completed').some((e) => e.filename === '0004f2aabbcc-phone.cfg'),
      'upload',
    );
    expect((await readFile(join(uploadDir, '0004f2aabbcc-phone.cfg'))).equals(content)).toBe(true);
    await expectNoPartFiles();
    expect(requests.at(-1)).toMatchObject({ filename: '0004f2aabbcc-phone.cfg', mode: 'octet' });
  });

  it.skipIf(!has('tftp'))('tftp-hpa puts a text file in ascii mode: line ends come back as LF', async () => {
    const text = 'a=1\nb=2\r\nbare\rcr\n';
    await tftpHpaPut(HOST, fx.port, await source('app.log', text), 'app.log', 'ascii');
    await waitFor(() => fx.eventsOf('transfer-completed').some((e) => e.filename === 'app.log'), 'upload');
    expect(await readFile(join(uploadDir, 'app.log'), 'latin1')).toBe(text);
  });

  it.skipIf(!has('curl'))('curl uploads with blksize 1428 (and tsize)', async () => {
    const content = randomBytes(300_000);
    const r = await curlPut(HOST, fx.port, await source('curl.bin', content), 'curl-up.bin', [
      '--tftp-blksize',
      '1428',
    ]);
    expect(r.code, r.stderr).toBe(0);
    await waitFor(
      () => fx.eventsOf('transfer-completed').some((e) => e.filename === 'curl-up.bin'),
      'upload',
    );
    expect((await readFile(join(uploadDir, 'curl-up.bin'))).equals(content)).toBe(true);
    expect(requests.at(-1)?.size).toBe(300_000);
  });

  it.skipIf(!has('atftp'))('atftp uploads with blksize and windowsize', async () => {
    const content = randomBytes(200_000);
    const local = await source('atftp.bin', content);
    const r = await run('atftp', [
      '--option',
      'blksize 1428',
      '--option',
      'windowsize 4',
      '-p',
      '-l',
      local,
      '-r',
      'atftp-up.bin',
      HOST,
      String(fx.port),
    ]);
    expect(r.code, r.stderr).toBe(0);
    await waitFor(
      () => fx.eventsOf('transfer-completed').some((e) => e.filename === 'atftp-up.bin'),
      'upload',
    );
    expect((await readFile(join(uploadDir, 'atftp-up.bin'))).equals(content)).toBe(true);
  });

  it.skipIf(!has('curl'))(
    'curl gets "disk full" (ERROR 3) when the announced size is over the limit',
    async () => {
      const r = await curlPut(HOST, fx.port, await source('big.bin', randomBytes(5000)), 'small-big.bin');
      expect(r.code).not.toBe(0);
      await expectNoPartFiles();
    },
  );
});

describe('uploads on the wire', () => {
  it('refuses a denied name with ERROR 2', async () => {
    const c = await rawClient();
    await c.send(encodeRequest('wrq', 'deny-me', 'octet'), fx.port);
    expect((await c.receive()).packet).toEqual({ kind: 'error', code: 2, message: 'Access violation' });
  });

  it('refuses traversal before the upload handler sees it', async () => {
    const before = requests.length;
    const c = await rawClient();
    await c.send(encodeRequest('wrq', '../../etc/cron.d/x', 'octet'), fx.port);
    expect((await c.receive()).packet).toMatchObject({ kind: 'error', code: 2 });
    expect(requests.length).toBe(before);
  });

  it('stops an upload that grows past the limit with ERROR 3 and leaves nothing behind', async () => {
    const c = await rawClient();
    await c.send(encodeRequest('wrq', 'small-grows.bin', 'octet'), fx.port);
    const ack0 = await c.receive();
    expect(ack0.packet).toEqual({ kind: 'ack', block: 0 });
    await c.send(encodeData(1, randomBytes(512)), ack0.from.port);
    expect((await c.receive()).packet).toEqual({ kind: 'ack', block: 1 });
    await c.send(encodeData(2, randomBytes(512)), ack0.from.port);
    expect((await c.receive()).packet).toEqual({
      kind: 'error',
      code: 3,
      message: 'Disk full or allocation exceeded',
    });
    await waitFor(
      () => fx.eventsOf('transfer-failed').some((e) => e.filename === 'small-grows.bin'),
      'failure',
    );
    expect(await readdir(uploadDir)).not.toContain('small-grows.bin');
    await expectNoPartFiles();
  });

  it('re-ACKs a duplicate block, and the final ACK again while lingering', async () => {
    const c = await rawClient();
    await c.send(encodeRequest('wrq', 'dup.bin', 'octet'), fx.port);
    const tid = (await c.receive()).from.port;
    const one = randomBytes(512);
    await c.send(encodeData(1, one), tid);
    expect((await c.receive()).packet).toEqual({ kind: 'ack', block: 1 });
    await c.send(encodeData(1, one), tid); // our ACK "got lost": the sender repeats the block
    expect((await c.receive()).packet).toEqual({ kind: 'ack', block: 1 });
    await c.send(encodeData(2, Buffer.from('end')), tid);
    expect((await c.receive()).packet).toEqual({ kind: 'ack', block: 2 });
    await c.send(encodeData(2, Buffer.from('end')), tid); // the final ACK "got lost"
    expect((await c.receive()).packet).toEqual({ kind: 'ack', block: 2 });
    expect(await readFile(join(uploadDir, 'dup.bin'))).toEqual(Buffer.concat([one, Buffer.from('end')]));
  });

  it('abandons a silent upload after the retries and removes the temp file', async () => {
    const quick = await startFixtureServer(dir.path, {
      timeoutMs: 30,
      retries: 2,
      uploads: { accept: async () => ({ kind: 'accept', path: join(uploadDir, 'silent.bin') }) },
    });
    try {
      const c = await rawClient();
      await c.send(encodeRequest('wrq', 'silent.bin', 'octet'), quick.port);
      const tid = (await c.receive()).from.port;
      await c.send(encodeData(1, randomBytes(512)), tid);
      await waitFor(() => quick.eventsOf('transfer-failed').length === 1, 'give-up');
      expect(quick.eventsOf('transfer-failed')[0]?.reason).toBe('timeout');
      // ACK 0, ACK 1, then ACK 1 again for each retry.
      expect((await c.drain(50)).map((r) => r.packet)).toEqual([
        { kind: 'ack', block: 1 },
        { kind: 'ack', block: 1 },
        { kind: 'ack', block: 1 },
      ]);
      await expectNoPartFiles();
      expect(await readdir(uploadDir)).not.toContain('silent.bin');
    } finally {
      await quick.close();
    }
  });
});
