/**
 * End-to-end with the Debian clients on loopback: tftp-hpa (RFC 1350 only, 512-byte lock-step),
 * atftp (options incl. windowsize) and curl (tsize/blksize/timeout by default). Each test skips
 * itself when its client is not installed; CI installs all three.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { atftpGet, curlGet, curlPut, has, tftpHpaGet, tftpHpaPut } from './support/clients.js';
import { fileDigest, writeRandomFile } from './support/files.js';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.js';

const MiB = 1024 * 1024;
const HOST = '127.0.0.1';
/** Big enough that 512-byte blocks wrap the 16-bit block number (65535 × 512 ≈ 32 MiB). */
const ROLLOVER_SIZE = 33 * MiB + 12345;
const TEXT = 'line one\nline two\r\nbare\rcarriage\n\nend without newline';
const GENERATED = 'gen/SEP001122334455.cnf.xml';
const GENERATED_TEXT = '<device>\n  <x>1</x>\n</device>\n';
const TRAVERSALS = ['../etc/passwd', '..\\..\\x', '/../x', 'a/../../x'];

let dir: TempDir;
let fx: FixtureServer;
const want50 = has('atftp') || has('curl');

beforeAll(async () => {
  dir = await makeTempDir('provd-tftp-clients-');
  const files = join(dir.path, 'files');
  await mkdir(files);
  await writeRandomFile(join(files, 'one.bin'), MiB);
  await writeRandomFile(join(files, 'exact512.bin'), 4 * 512);
  await writeRandomFile(join(files, 'exact1428.bin'), 3 * 1428);
  await writeFile(join(files, 'empty.bin'), '');
  await writeFile(join(files, 'text.txt'), TEXT);
  if (want50) await writeRandomFile(join(files, 'big50.bin'), 50 * MiB);
  fx = await startFixtureServer(files, {
    host: '::', // dual stack: the same server answers 127.0.0.1 and ::1
    generated: { [GENERATED]: Buffer.from(GENERATED_TEXT) },
  });
}, 60_000);

afterAll(async () => {
  await fx?.close();
  await dir?.remove();
});

const local = (name: string): string => join(dir.path, name);
const served = (name: string): string => join(dir.path, 'files', name);

const expectSame = async (got: string, expected: string, length?: number): Promise<void> => {
  expect((await stat(got)).size).toBe(length ?? (await stat(expected)).size);
  expect(await fileDigest(got)).toBe(await fileDigest(expected, length));
};

describe('tftp-hpa (no options, 512-byte blocks)', () => {
  const skip = !has('tftp'); // the tftp-hpa client is not installed

  it.skipIf(skip)('downloads 1 MiB byte-exact', async () => {
    const out = local('hpa-one.bin');
    const r = await tftpHpaGet(HOST, fx.port, 'one.bin', out);
    expect(r.stdout + r.stderr).not.toMatch(/Error/);
    await expectSame(out, served('one.bin'));
  });

  it.skipIf(skip)('downloads an exact multiple of the block size (empty final block)', async () => {
    const out = local('hpa-exact.bin');
    await tftpHpaGet(HOST, fx.port, 'exact512.bin', out);
    await expectSame(out, served('exact512.bin'));
  });

  it.skipIf(skip)('downloads a zero-byte file', async () => {
    const out = local('hpa-empty.bin');
    const r = await tftpHpaGet(HOST, fx.port, 'empty.bin', out);
    expect(r.stdout + r.stderr).not.toMatch(/Error/);
    expect((await stat(out)).size).toBe(0);
  });

  it.skipIf(skip)(
    'gets error 1 "File not found" for a missing file, without the resolver reason',
    async () => {
      const r = await tftpHpaGet(HOST, fx.port, 'missing.cfg', local('hpa-missing'));
      expect(r.stdout + r.stderr).toContain('Error code 1: File not found');
      expect(r.stdout + r.stderr).not.toContain('fixture root');
    },
  );

  it.skipIf(skip)('gets error 2 for traversal names, and the resolver never sees them', async () => {
    const before = fx.resolved.length;
    for (const name of TRAVERSALS) {
      const r = await tftpHpaGet(HOST, fx.port, name, local('hpa-traversal'));
      expect(r.stdout + r.stderr, name).toContain('Error code 2: Access violation');
    }
    expect(fx.resolved.length).toBe(before);
    expect(fx.resolved.some((req) => req.filename.split('/').includes('..'))).toBe(false);
  });

  it.skipIf(skip)('has its write request refused with error 2', async () => {
    const r = await tftpHpaPut(HOST, fx.port, served('exact512.bin'), 'upload.bin');
    expect(r.stdout + r.stderr).toContain('Error code 2: Write not supported');
  });

  it.skipIf(skip)(
    'gets netascii (ascii mode) converted and back, from a file and from generated content',
    async () => {
      const fromFile = local('hpa-text.txt');
      await tftpHpaGet(HOST, fx.port, 'text.txt', fromFile, 'ascii');
      expect(await readFile(fromFile, 'latin1')).toBe(TEXT);
      const generated = local('hpa-gen.xml');
      await tftpHpaGet(HOST, fx.port, GENERATED, generated, 'ascii');
      expect(await readFile(generated, 'latin1')).toBe(GENERATED_TEXT);
      expect(fx.resolved.filter((r) => r.filename === 'text.txt').at(-1)?.mode).toBe('netascii');
    },
  );

  it.skipIf(skip)('downloads over IPv6 (::1)', async () => {
    const out = local('hpa-v6.bin');
    await tftpHpaGet('::1', fx.port, 'exact1428.bin', out);
    await expectSame(out, served('exact1428.bin'));
    expect(fx.resolved.at(-1)?.client).toMatchObject({ address: '::1', family: 'IPv6' });
  });
});

describe('atftp (blksize, tsize, windowsize)', () => {
  const skip = !has('atftp'); // atftp is not installed
  const options = ['blksize 1428', 'tsize 0', 'windowsize 8'];

  it.skipIf(skip)('downloads 1 MiB byte-exact with blksize 1428 and windowsize 8', async () => {
    const out = local('atftp-one.bin');
    const r = await atftpGet(HOST, fx.port, 'one.bin', out, options);
    expect(r.code, r.stderr).toBe(0);
    await expectSame(out, served('one.bin'));
    const started = fx.eventsOf('transfer-started').at(-1);
    expect(started).toMatchObject({ filename: 'one.bin', blockSize: 1428, windowSize: 8, size: MiB });
  });

  it.skipIf(skip)('downloads an exact multiple of the negotiated block size', async () => {
    const out = local('atftp-exact.bin');
    const r = await atftpGet(HOST, fx.port, 'exact1428.bin', out, options);
    expect(r.code, r.stderr).toBe(0);
    await expectSame(out, served('exact1428.bin'));
  });

  it.skipIf(skip)('downloads a zero-byte file', async () => {
    const out = local('atftp-empty.bin');
    const r = await atftpGet(HOST, fx.port, 'empty.bin', out, options);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(out)).size).toBe(0);
  });

  it.skipIf(skip)(
    'downloads 50 MiB byte-exact (windowsize 8)',
    async () => {
      const out = local('atftp-50.bin');
      const r = await atftpGet(HOST, fx.port, 'big50.bin', out, options, { timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      await expectSame(out, served('big50.bin'));
    },
    90_000,
  );

  it.skipIf(skip)('reports a missing file', async () => {
    const r = await atftpGet(HOST, fx.port, 'missing.cfg', local('atftp-missing'), options);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('File not found');
  });
});

describe('curl (tftp://)', () => {
  const skip = !has('curl'); // curl is not installed

  it.skipIf(skip)(
    'downloads 1 MiB byte-exact with its default options (tsize, blksize 512, timeout)',
    async () => {
      const out = local('curl-one.bin');
      const r = await curlGet(HOST, fx.port, 'one.bin', out);
      expect(r.code, r.stderr).toBe(0);
      await expectSame(out, served('one.bin'));
    },
  );

  it.skipIf(skip)('downloads 1 MiB byte-exact with --tftp-blksize 1428', async () => {
    const out = local('curl-one-1428.bin');
    const r = await curlGet(HOST, fx.port, 'one.bin', out, ['--tftp-blksize', '1428']);
    expect(r.code, r.stderr).toBe(0);
    await expectSame(out, served('one.bin'));
    expect(fx.eventsOf('transfer-started').at(-1)).toMatchObject({ blockSize: 1428, windowSize: 1 });
  });

  it.skipIf(skip)('downloads an exact multiple of the block size', async () => {
    const out = local('curl-exact.bin');
    const r = await curlGet(HOST, fx.port, 'exact1428.bin', out, ['--tftp-blksize', '1428']);
    expect(r.code, r.stderr).toBe(0);
    await expectSame(out, served('exact1428.bin'));
  });

  it.skipIf(skip)(
    'downloads 50 MiB byte-exact with --tftp-blksize 1428',
    async () => {
      const out = local('curl-50.bin');
      const r = await curlGet(HOST, fx.port, 'big50.bin', out, ['--tftp-blksize', '1428'], {
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      await expectSame(out, served('big50.bin'));
    },
    90_000,
  );

  it.skipIf(skip)(
    'downloads past block 65535 with 512-byte blocks (--tftp-no-options): block numbers wrap',
    async () => {
      // A prefix of the 50 MiB file: the resolver's `size` may be below the file's.
      const rollover = await startFixtureServer(dir.path, {
        resolve: async () => ({ kind: 'file', path: served('big50.bin'), size: ROLLOVER_SIZE }),
      });
      try {
        const out = local('curl-rollover.bin');
        const r = await curlGet(HOST, rollover.port, 'rollover.bin', out, ['--tftp-no-options'], {
          timeoutMs: 60_000,
        });
        expect(r.code, r.stderr).toBe(0);
        expect(Math.floor(ROLLOVER_SIZE / 512) + 1).toBeGreaterThan(65535);
        await expectSame(out, served('big50.bin'), ROLLOVER_SIZE);
        expect(rollover.eventsOf('transfer-completed')[0]?.bytes).toBe(ROLLOVER_SIZE);
      } finally {
        await rollover.close();
      }
    },
    90_000,
  );

  it.skipIf(skip)(
    'gets "file not found" (exit 68) and "permission problem" (exit 69) for traversal',
    async () => {
      expect((await curlGet(HOST, fx.port, 'missing.cfg', local('curl-missing'))).code).toBe(68);
      const before = fx.resolved.length;
      expect((await curlGet(HOST, fx.port, '..%2Fetc%2Fpasswd', local('curl-traversal'))).code).toBe(69);
      expect(fx.resolved.length).toBe(before);
    },
  );

  it.skipIf(skip)('has its upload refused (exit 69)', async () => {
    expect((await curlPut(HOST, fx.port, served('exact512.bin'), 'up.bin')).code).toBe(69);
  });

  it.skipIf(skip)('downloads over IPv6 ([::1])', async () => {
    const out = local('curl-v6.bin');
    const r = await curlGet('::1', fx.port, 'one.bin', out, ['--tftp-blksize', '1428']);
    expect(r.code, r.stderr).toBe(0);
    await expectSame(out, served('one.bin'));
  });
});

describe('after all client runs', () => {
  it('resolved each request once and left no transfer behind', () => {
    const resolvedOne = fx.resolved.filter((r) => r.filename === 'one.bin').length;
    const startedOne = fx.eventsOf('transfer-started').filter((e) => e.filename === 'one.bin').length;
    expect(resolvedOne).toBe(startedOne);
    expect(fx.server.activeTransfers).toBe(0);
  });
});
