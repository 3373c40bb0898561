import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhoneHttpResolution } from '../../src/adapters/phone-http/phone-http-app.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { bytes, type PhoneServer, rawGet, rawSocket, startPhoneServer, statusOf } from './support.js';

const run = promisify(execFile);
const CONFIG = 'account.1.enable = 1\naccount.1.label = 1001\n';
const MODIFIED = new Date('2030-01-02T03:04:05Z');
const files = new Map<string, PhoneHttpResolution>([
  ['001565aabbcc.cfg', bytes(CONFIG, '"cfg-v1"', MODIFIED)],
  ['dir/phone.xml', bytes('<x/>', '"xml-v1"', MODIFIED)],
  ['custom', { ...bytes('{}', '"c"', MODIFIED), contentType: 'application/vnd.test' }],
]);

let servers: PhoneServer[] = [];
const start = async (options: Parameters<typeof startPhoneServer>[0] = {}): Promise<PhoneServer> => {
  const server = await startPhoneServer({ files, ...options });
  servers.push(server);
  return server;
};
afterEach(async () => {
  vi.restoreAllMocks();
  for (const server of servers) await server.close();
  servers = [];
});

describe('bytes resolutions', () => {
  it('serves GET with validators and safe headers, and nothing that names the server', async () => {
    const server = await start();
    const response = await fetch(`${server.base}/001565aabbcc.cfg?mac=x`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(CONFIG);
    const h = response.headers;
    expect(h.get('etag')).toBe('"cfg-v1"');
    expect(h.get('last-modified')).toBe('Wed, 02 Jan 2030 03:04:05 GMT');
    expect(h.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(h.get('content-length')).toBe(String(CONFIG.length));
    expect(h.get('accept-ranges')).toBe('bytes');
    expect(h.get('cache-control')).toBe('no-cache');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('server')).toBeNull();
    expect(h.get('x-powered-by')).toBeNull();
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toMatchObject({ path: '001565aabbcc.cfg', filename: '001565aabbcc.cfg' });
    expect(server.outcomes).toEqual([{ status: 200, bytes: CONFIG.length }]);
  });

  it('serves HEAD with the GET headers and no body', async () => {
    const server = await start();
    const response = await fetch(`${server.base}/001565aabbcc.cfg`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(CONFIG.length));
    expect(response.headers.get('etag')).toBe('"cfg-v1"');
    expect(await response.text()).toBe('');
    expect(server.outcomes).toEqual([{ status: 200, bytes: 0 }]);
  });

  it('uses the extension table unless the resolver gives a type', async () => {
    const server = await start();
    expect((await fetch(`${server.base}/dir/phone.xml`)).headers.get('content-type')).toBe(
      'text/xml; charset=utf-8',
    );
    expect((await fetch(`${server.base}/custom`)).headers.get('content-type')).toBe('application/vnd.test');
  });

  it.each([
    ['bytes=0-6', 206, 'bytes 0-6/44', CONFIG.slice(0, 7)],
    ['bytes=30-', 206, 'bytes 30-43/44', CONFIG.slice(30)],
    ['bytes=-5', 206, 'bytes 39-43/44', CONFIG.slice(-5)],
    ['bytes=40-1000', 206, 'bytes 40-43/44', CONFIG.slice(40)],
    ['bytes=0-1,3-4', 200, null, CONFIG],
    ['bytes=5-2', 200, null, CONFIG],
    ['bytes=44-', 416, 'bytes */44', 'Range not satisfiable'],
  ])('Range %s → %i', async (range, status, contentRange, body) => {
    expect(CONFIG.length).toBe(44);
    const server = await start();
    const response = await fetch(`${server.base}/001565aabbcc.cfg`, { headers: { range } });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-range')).toBe(contentRange);
    expect(await response.text()).toBe(body);
  });

  it('ignores Range on HEAD and when If-Range does not match', async () => {
    const server = await start();
    const url = `${server.base}/001565aabbcc.cfg`;
    const head = await fetch(url, { method: 'HEAD', headers: { range: 'bytes=0-1' } });
    expect(head.status).toBe(200);
    const stale = await fetch(url, { headers: { range: 'bytes=0-1', 'if-range': '"cfg-v0"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(CONFIG);
    const fresh = await fetch(url, { headers: { range: 'bytes=0-1', 'if-range': '"cfg-v1"' } });
    expect(fresh.status).toBe(206);
    expect(await fresh.text()).toBe('ac');
  });

  it.each([
    [{ 'if-none-match': '"cfg-v1"' }, 304],
    [{ 'if-none-match': 'W/"cfg-v1"' }, 304],
    [{ 'if-none-match': '"cfg-v0"' }, 200],
    [{ 'if-modified-since': 'Wed, 02 Jan 2030 03:04:05 GMT' }, 304],
    [{ 'if-modified-since': 'Wed, 02 Jan 2030 03:04:04 GMT' }, 200],
    [{ 'if-none-match': '"cfg-v0"', 'if-modified-since': 'Wed, 02 Jan 2030 03:04:05 GMT' }, 200],
    [{ 'if-match': '"nope"' }, 412],
  ])('conditional %j → %i', async (headers, status) => {
    // Last-Modified must be in the past for If-Modified-Since to be valid.
    const past = new Date('2020-01-02T03:04:05Z');
    const server = await start({ files: new Map([['a.cfg', bytes(CONFIG, '"cfg-v1"', past)]]) });
    const dated = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('2030', '2020').replace('Wed', 'Thu')]),
    );
    const response = await fetch(`${server.base}/a.cfg`, { headers: dated });
    expect(response.status).toBe(status);
    if (status === 304) {
      expect(response.headers.get('etag')).toBe('"cfg-v1"');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe('');
    }
  });
});

describe('file resolutions', () => {
  let dir: TempDir;
  let firmware: string;
  let content: Buffer;
  beforeEach(async () => {
    dir = await makeTempDir('provd-phone-http-');
    firmware = join(dir.path, 'fw.rom');
    content = randomBytes(3 * 1024 * 1024 + 17);
    await writeFile(firmware, content);
    await utimes(firmware, new Date('2025-05-05T05:05:05Z'), new Date('2025-05-05T05:05:05.250Z'));
  });
  afterEach(() => dir.remove());

  const fileServer = (path = () => firmware) =>
    start({ resolve: async () => ({ kind: 'file', path: path() }) });

  it('streams the whole file with an ETag from size and mtime', async () => {
    const server = await fileServer();
    const response = await fetch(`${server.base}/T46.rom`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
    const info = await stat(firmware);
    expect(response.headers.get('etag')).toBe(
      `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
    );
    expect(response.headers.get('last-modified')).toBe('Mon, 05 May 2025 05:05:05 GMT');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe(String(content.length));
  });

  it('serves ranges of the file from disk, and 416 past its end', async () => {
    const server = await fileServer();
    const partial = await fetch(`${server.base}/T46.rom`, { headers: { range: 'bytes=1048576-1048675' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 1048576-1048675/${content.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(content.subarray(1048576, 1048676))).toBe(true);
    const tail = await fetch(`${server.base}/T46.rom`, { headers: { range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(content.subarray(-10))).toBe(true);
    const beyond = await fetch(`${server.base}/T46.rom`, { headers: { range: `bytes=${content.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${content.length}`);
  });

  it('answers HEAD and 304 without opening a read stream', async () => {
    const probe = await open(firmware, 'r');
    const spy = vi.spyOn(Object.getPrototypeOf(probe), 'createReadStream');
    await probe.close();
    const server = await fileServer();
    const head = await fetch(`${server.base}/T46.rom`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(content.length));
    const etag = head.headers.get('etag') ?? '';
    const cached = await fetch(`${server.base}/T46.rom`, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    expect(spy).not.toHaveBeenCalled();
    await (await fetch(`${server.base}/T46.rom`)).arrayBuffer();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('answers 404 for a file deleted after resolution, and for a directory', async () => {
    let target = firmware;
    const server = await fileServer(() => target);
    await rm(firmware);
    const gone = await rawGet(server.port, '/T46.rom');
    expect(gone).toMatchObject({ status: 404, body: 'Not found' });
    target = join(dir.path, 'sub');
    await mkdir(target);
    expect(await rawGet(server.port, '/T46.rom')).toMatchObject({ status: 404, body: 'Not found' });
    // The outcome is reported once the file is closed, which may come after the answer.
    await waitFor(() => server.outcomes.length === 2, 'two outcomes');
    expect(server.outcomes.map((o) => o.reason)).toEqual([
      'file vanished before it could be opened',
      'not a regular file',
    ]);
  });

  it('answers 404 at once for a FIFO instead of blocking on its open', async () => {
    const fifo = join(dir.path, 'fifo.rom');
    await run('mkfifo', [fifo]);
    const server = await fileServer(() => fifo);
    expect(await rawGet(server.port, '/fifo.rom')).toMatchObject({ status: 404, body: 'Not found' });
    await waitFor(() => server.outcomes.length === 1, 'the outcome');
    expect(server.outcomes[0]?.reason).toBe('not a regular file');
  });

  it('keeps serving after a phone drops a download midway', async () => {
    const server = await fileServer();
    const controller = new AbortController();
    const response = await fetch(`${server.base}/T46.rom`, { signal: controller.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    const again = await fetch(`${server.base}/T46.rom`);
    expect(Buffer.from(await again.arrayBuffer()).length).toBe(content.length);
  });
});

describe('client address', () => {
  const ipSeen = async (server: PhoneServer, xff?: string): Promise<string | undefined> => {
    await rawGet(
      server.port,
      '/001565aabbcc.cfg',
      xff === undefined ? {} : { headers: { 'x-forwarded-for': xff } },
    );
    return server.calls.at(-1)?.clientIp;
  };

  it('uses the peer with 0 trusted proxies', async () => {
    const server = await start({ trustedProxies: 0 });
    expect(await ipSeen(server, '6.6.6.6')).toBe('127.0.0.1');
  });

  it('takes the N-th entry from the right with 1 and 2 trusted proxies', async () => {
    const one = await start({ trustedProxies: 1 });
    expect(await ipSeen(one, '6.6.6.6, 10.0.0.7')).toBe('10.0.0.7');
    expect(await ipSeen(one, '::ffff:10.0.0.8')).toBe('10.0.0.8');
    const two = await start({ trustedProxies: 2 });
    expect(await ipSeen(two, '6.6.6.6, 10.0.0.7, 172.16.0.1')).toBe('10.0.0.7');
    expect(await ipSeen(two, '10.0.0.9')).toBe('10.0.0.9');
  });

  it('falls back to the peer with a warning when the header is missing', async () => {
    const server = await start({ trustedProxies: 1 });
    expect(await ipSeen(server)).toBe('127.0.0.1');
    expect(await ipSeen(server)).toBe('127.0.0.1');
    const warnings = server.logs.filter((line) => line.includes('X-Forwarded-For unusable'));
    expect(warnings).toHaveLength(1); // rate-limited
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, fallback: 'missing-header' });
  });

  it('normalises an IPv4-mapped peer address on a dual-stack socket', async (ctx) => {
    // On :: (dual stack), IPv4 clients appear as ::ffff:127.0.0.1. A machine without IPv6 skips.
    const server = await start({ host: '::' }).catch(() => undefined);
    if (!server) return ctx.skip();
    await rawGet(server.port, '/001565aabbcc.cfg');
    expect(server.calls.at(-1)?.clientIp).toBe('127.0.0.1');
  });
});

describe('URL key gate', () => {
  const KEY = 'Tenant-A.k3y~$';
  const urlKey = { lookup: (key: string) => (key === KEY ? 'tenant-a-uuid' : undefined) };

  it('removes a known key, passes its tenant, and refuses unknown or missing keys', async () => {
    const server = await start({ urlKey });
    const ok = await rawGet(server.port, `/${KEY}/001565aabbcc.cfg`);
    expect(ok.status).toBe(200);
    expect(server.calls[0]).toMatchObject({
      path: '001565aabbcc.cfg',
      filename: '001565aabbcc.cfg',
      urlKey: { key: KEY, tenantUuid: 'tenant-a-uuid' },
    });
    expect((await rawGet(server.port, `//${KEY}//001565aabbcc.cfg`)).status).toBe(200);
    expect(server.calls[1]?.path).toBe('001565aabbcc.cfg');
    for (const path of ['/unknown-key/001565aabbcc.cfg', '/001565aabbcc.cfg', '/', `/x${KEY}/a.cfg`]) {
      expect(await rawGet(server.port, path)).toMatchObject({ status: 404, body: 'Not found' });
    }
    expect(server.calls).toHaveLength(2);
    expect(server.outcomes.slice(2).map((o) => o.reason)).toEqual([
      'unknown url key',
      'unknown url key',
      'missing url key',
      'unknown url key',
    ]);
  });

  it('resolves the empty path for /<key> alone', async () => {
    const server = await start({ urlKey });
    expect((await rawGet(server.port, `/${KEY}`)).status).toBe(404);
    expect((await rawGet(server.port, `/${KEY}/`)).status).toBe(404);
    expect(server.calls.map((c) => c.path)).toEqual(['', '']);
  });

  it('never writes the key to the log, whatever happens to the request', async () => {
    const server = await start({
      urlKey,
      trustedProxies: 1,
      resolve: async (req) => {
        if (req.path === 'boom') throw new Error('resolver exploded');
        return { kind: 'not-found', reason: 'nothing here' };
      },
    });
    const encodedKey = encodeURIComponent(KEY).replace('T', '%54');
    for (const path of [
      `/${KEY}/001565aabbcc.cfg?key=${KEY}`,
      `/${encodedKey}/a.cfg`,
      `/${KEY}/../../etc/passwd`,
      `/${KEY}/boom`,
      `/${KEY}/sub/${KEY}`,
      `/${KEY}`,
      `/${KEY}x/a.cfg`,
      `/${KEY}/${'a'.repeat(2000)}`,
    ]) {
      await rawGet(server.port, path);
    }
    await rawGet(server.port, `/${KEY}/a.cfg`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    await rawSocket(server.port, `GET /${KEY}/a b HTTP/1.1\r\nHost: x\r\n\r\n`);
    const log = server.logs.join('');
    expect(server.logs.length).toBeGreaterThan(8);
    expect(log).toContain('<url-key>');
    expect(log).toContain('resolver exploded');
    expect(log).not.toContain(KEY);
    expect(log).not.toContain(encodedKey);
    expect(log).not.toContain('k3y');
  });
});

describe('failures and refusals', () => {
  it('answers 500 with a constant text when the resolver throws, and keeps serving', async () => {
    let fail = true;
    const server = await start({
      resolve: async () => {
        if (fail) throw new Error('database on fire');
        return bytes('ok');
      },
    });
    const failed = await rawGet(server.port, '/a.cfg');
    expect(failed).toMatchObject({ status: 500, body: 'Internal error' });
    expect(failed.headers.etag).toBeUndefined();
    const line = server.logs.find((l) => l.includes('database on fire'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 50, status: 500, reason: 'resolver threw' });
    fail = false;
    expect(await rawGet(server.port, '/a.cfg')).toMatchObject({ status: 200, body: 'ok' });
  });

  it('answers 500 for a file resolution with a relative path', async () => {
    const server = await start({ resolve: async () => ({ kind: 'file', path: 'relative/fw.rom' }) });
    expect(await rawGet(server.port, '/fw.rom')).toMatchObject({ status: 500, body: 'Internal error' });
    expect(server.outcomes).toEqual([{ status: 500, bytes: 0, reason: 'file could not be read' }]);
  });

  it('refuses a trusted proxies count that is not a non-negative integer', async () => {
    for (const trustedProxies of [-1, 1.5, Number.NaN]) {
      await expect(start({ trustedProxies })).rejects.toThrow(/trustedProxies/);
    }
  });

  it('logs unsafe paths and bad URL keys at warn, with the reason', async () => {
    const server = await start({ urlKey: { lookup: (key) => (key === 'goodkey1' ? 't' : undefined) } });
    await rawGet(server.port, '/goodkey1/%2e%2e/x');
    await rawGet(server.port, '/badkey/x');
    await rawGet(server.port, '/goodkey1/missing.cfg');
    const lines = server.logs
      .map((line) => JSON.parse(line))
      .filter((l) => l.msg?.startsWith('phone request'));
    expect(lines.map((l) => [l.level, l.status, l.reason])).toEqual([
      [40, 404, 'dot segment'],
      [40, 404, 'unknown url key'],
      [30, 404, 'no file missing.cfg'],
    ]);
  });

  it('survives an outcome hook that throws', async () => {
    const server = await start({
      onOutcome: () => {
        throw new Error('metrics down');
      },
    });
    expect((await rawGet(server.port, '/001565aabbcc.cfg')).status).toBe(200);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'TRACE'])(
    '%s → 405 with Allow',
    async (method) => {
      const server = await start();
      const response = await rawGet(server.port, '/001565aabbcc.cfg', { method });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(server.calls).toHaveLength(0);
    },
  );

  it('refuses a POST with a body of any type without reading it, and a GET with a body', async () => {
    const server = await start();
    const post = await fetch(`${server.base}/a.cfg`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-unknown' },
      body: 'x'.repeat(100_000),
    });
    expect(post.status).toBe(405);
    const get = await rawSocket(
      server.port,
      'GET /a.cfg HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
    );
    expect(statusOf(get)).toBe(400);
    expect(server.calls).toHaveLength(0);
  });

  it('gives the same 404 body whatever the reason', async () => {
    const dir = await makeTempDir();
    const server = await start({
      urlKey: { lookup: (key) => (key === 'goodkey1' ? 't' : undefined) },
      resolve: async (req) =>
        req.path === 'gone.rom'
          ? { kind: 'file', path: join(dir.path, 'gone.rom') }
          : { kind: 'not-found', reason: 'x' },
    });
    const responses = await Promise.all(
      [
        '/goodkey1/missing.cfg',
        '/badkey/a.cfg',
        '/goodkey1/../a',
        '/goodkey1/gone.rom',
        '/goodkey1/a%00',
        '/',
      ].map((path) => rawGet(server.port, path)),
    );
    await dir.remove();
    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(response.body).toBe('Not found');
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('answers 414 for a very long path', async () => {
    const server = await start();
    expect((await rawGet(server.port, `/${'a'.repeat(5000)}`)).status).toBe(414);
    expect(server.calls).toHaveLength(0);
  });

  it('closes a connection whose headers never finish (slowloris)', async () => {
    const server = await start({ timeouts: { headersMs: 300, requestMs: 500 } });
    const started = Date.now();
    const answer = await rawSocket(server.port, 'GET /a.cfg HTTP/1.1\r\nHost: x\r\nX-Slow: ', 10_000);
    expect(statusOf(answer)).toBe(408);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.outcomes.at(-1)).toMatchObject({ status: 408 });
  });

  it('answers malformed request lines with a constant 400', async () => {
    const server = await start();
    const answer = await rawSocket(server.port, 'GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(statusOf(answer)).toBe(400);
    expect(answer.endsWith('\r\n\r\nBad request')).toBe(true);
  });
});

describe('with curl', () => {
  it('HEAD, Range and a conditional GET behave for a real client', async () => {
    const server = await start();
    const url = `${server.base}/001565aabbcc.cfg`;
    const head = await run('curl', ['-sS', '-I', url]);
    expect(head.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.stdout).toMatch(/\r\ncontent-length: 44\r\n/i);
    expect(head.stdout).toMatch(/\r\netag: "cfg-v1"\r\n/i);
    const range = await run('curl', ['-sS', '-r', '8-16', '-w', '\n%{http_code}', url]);
    expect(range.stdout).toBe(`${CONFIG.slice(8, 17)}\n206`);
    const cached = await run('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-H',
      'If-None-Match: "cfg-v1"',
      url,
    ]);
    expect(cached.stdout).toBe('304');
  });
});
