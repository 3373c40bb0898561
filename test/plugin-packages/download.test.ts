import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError, download } from '../../src/adapters/download/index.js';
import { Operation } from '../../src/application/operations/operation.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { buildSourceRepository } from './support/fixture-repository.js';
import { startManagerHarness } from './support/manager-harness.js';
import { type RecordingProxy, startProxy } from './support/recording-proxy.js';
import { serveRepository } from './support/repository-server.js';

let tmp: TempDir;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  tmp = await makeTempDir('provd-download-');
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await tmp.remove();
});

const BODY = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 31) % 251));
const SHA = createHash('sha256').update(BODY).digest('hex');

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const serve = async (handler: RequestListener): Promise<string> =>
  `http://${await listen(createHttpServer(handler))}`;

const proxy = async (): Promise<RecordingProxy> => {
  const started = await startProxy();
  closers.push(() => started.close());
  return started;
};

const dest = (): string => join(tmp.path, 'out.bin');

const failure = async (promise: Promise<unknown>): Promise<DownloadError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DownloadError);
  expect(await readdir(tmp.path)).not.toContain('out.bin');
  return error as DownloadError;
};

const bodyServer = (): Promise<string> =>
  serve((req, res) => {
    if (req.url === '/moved') res.writeHead(302, { location: '/body' }).end();
    else if (req.url === '/body') res.writeHead(200, { 'content-length': BODY.length }).end(BODY);
    else res.writeHead(404).end();
  });

describe('download', () => {
  it('copies a file from a folder, by path or file: URL, reporting progress against the size', async () => {
    const source = join(tmp.path, 'source.bin');
    await writeFile(source, BODY);
    for (const from of [source, pathToFileURL(source).href]) {
      const seen: [number, number | undefined][] = [];
      const result = await download(from, dest(), {
        maxBytes: 1e6,
        expectedSha256: SHA,
        onProgress: (bytes, total) => seen.push([bytes, total]),
      });
      expect(result).toEqual({ size: BODY.length, sha256: SHA });
      expect(await readFile(dest())).toEqual(BODY);
      expect(seen[0]).toEqual([0, BODY.length]);
      expect(seen.at(-1)).toEqual([BODY.length, BODY.length]);
    }
  });

  it('streams over HTTP, following redirects', async () => {
    const base = await bodyServer();
    const seen: number[] = [];
    const result = await download(`${base}/moved`, dest(), {
      maxBytes: 1e6,
      onProgress: (b) => seen.push(b),
    });
    expect(result.sha256).toBe(SHA);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(BODY.length);
  });

  it('refuses a checksum mismatch, an HTTP error and a missing file, leaving no file', async () => {
    const base = await bodyServer();
    const mismatch = await failure(
      download(`${base}/body`, dest(), { maxBytes: 1e6, expectedSha256: 'a'.repeat(64) }),
    );
    expect(mismatch.message).toBe(
      `${base}/body: checksum mismatch (sha256 ${SHA}, expected ${'a'.repeat(64)})`,
    );
    expect((await failure(download(`${base}/nope`, dest(), { maxBytes: 1e6 }))).message).toBe(
      `GET ${base}/nope: HTTP 404 Not Found`,
    );
    expect((await failure(download(join(tmp.path, 'nope'), dest(), { maxBytes: 1e6 }))).message).toMatch(
      /ENOENT/,
    );
  });

  it('enforces the size cap: announced or counted while streaming', async () => {
    const base = await bodyServer();
    expect((await failure(download(`${base}/body`, dest(), { maxBytes: 1000 }))).message).toBe(
      `${base}/body: 40000 bytes is more than the 1000 allowed`,
    );
    // Chunked, no Content-Length: the cap applies to what arrives.
    const chunked = await serve((_, res) => {
      res.writeHead(200);
      res.write(BODY.subarray(0, 20_000));
      setTimeout(() => res.end(BODY.subarray(20_000)), 20);
    });
    expect((await failure(download(`${chunked}/x`, dest(), { maxBytes: 30_000 }))).message).toBe(
      `${chunked}/x: more than the 30000 bytes allowed`,
    );
    // The index's size is a cap too.
    expect(
      (await failure(download(`${base}/body`, dest(), { maxBytes: 1e6, expectedSize: 10 }))).message,
    ).toMatch(/more than the 10 allowed/);
  });

  it('gives up on a server that stops sending, and on one that never answers', async () => {
    const stalls = await serve((_, res) => {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 100));
    });
    expect(
      (await failure(download(`${stalls}/x`, dest(), { maxBytes: 1e6, idleTimeoutMs: 150 }))).message,
    ).toBe(`${stalls}/x: no data for 150 ms`);
    const silent = await serve(() => {});
    expect(
      (await failure(download(`${silent}/y`, dest(), { maxBytes: 1e6, idleTimeoutMs: 150 }))).message,
    ).toBe(`GET ${silent}/y: no answer for 150 ms`);
  });
});

describe('downloads through proxies', () => {
  it('asks an HTTP proxy with the absolute URI and the proxy credentials', async () => {
    const base = await bodyServer();
    const recording = await proxy();
    const result = await download(`${base}/body`, dest(), {
      maxBytes: 1e6,
      proxies: { http: `http://provd:s3cr%20t@${recording.address}` },
    });
    expect(result.sha256).toBe(SHA);
    expect(recording.requests).toEqual([
      {
        method: 'GET',
        target: `${base}/body`,
        authorization: `Basic ${Buffer.from('provd:s3cr t').toString('base64')}`,
      },
    ]);
  });

  it('fails clearly when the proxy is down', async () => {
    const base = await bodyServer();
    const recording = await proxy();
    const address = recording.address;
    await recording.close();
    const error = await failure(
      download(`${base}/body`, dest(), { maxBytes: 1e6, proxies: { http: address } }),
    );
    expect(error.message).toMatch(new RegExp(`^GET ${base}/body: .*ECONNREFUSED`));
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

  it.skipIf(!hasOpenssl)('tunnels HTTPS through the HTTPS proxy with CONNECT', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(tmp.path, 'key.pem'),
        '-out',
        join(tmp.path, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = await readFile(join(tmp.path, 'cert.pem'));
    const key = await readFile(join(tmp.path, 'key.pem'));
    const address = await listen(
      createHttpsServer({ cert, key }, (_, res) =>
        res.writeHead(200, { 'content-length': BODY.length }).end(BODY),
      ),
    );
    const recording = await proxy();
    const result = await download(`https://${address}/secure.bin`, dest(), {
      maxBytes: 1e6,
      ca: cert,
      proxies: { https: recording.address, http: 'http://127.0.0.1:9' },
    });
    expect(result.sha256).toBe(SHA);
    expect(recording.requests).toEqual([{ method: 'CONNECT', target: address, authorization: undefined }]);
    // The tunnel is TLS end to end: an untrusted certificate is still refused.
    const untrusted = await failure(
      download(`https://${address}/secure.bin`, dest(), {
        maxBytes: 1e6,
        proxies: { https: recording.address },
      }),
    );
    expect(untrusted.message).toMatch(/self[- ]signed/i);
  });

  it('is what the plugin manager uses for the index and the plugins', async () => {
    await buildSourceRepository(join(tmp.path, 'www', 'repo'));
    const server = await serveRepository(join(tmp.path, 'www'));
    closers.push(() => server.close());
    const recording = await proxy();
    const h = await startManagerHarness({
      repository: () => `${server.url}repo/`,
      proxies: () => ({ http: `http://${recording.address}` }),
    });
    closers.push(() => h.stop());
    const update = new Operation('update');
    h.manager.updateIndex(update);
    expect(await update.settled(5)).toBe('success');
    const install = new Operation('install');
    h.manager.install('zero', install);
    expect(await install.settled(5)).toBe('success');
    expect(recording.requests.map((r) => r.target)).toEqual([
      `${server.url}repo/plugins.db`,
      `${server.url}repo/zero-1.0.0.tar.gz`,
    ]);
    expect(server.requests).toEqual(['/repo/repo/plugins.db', '/repo/repo/zero-1.0.0.tar.gz']);
  });
});
