/**
 * npm run bench:http — the phone HTTP listener against Debian's nginx, both serving the same
 * ~2 KiB per-MAC config on loopback, loaded by wrk (a separate C process).
 *
 * Ours: buildPhoneHttpApp with a `bytes` resolver doing a Map lookup among 10,000 rendered
 * configs (what the real file cache does). nginx: the same bytes as a static file. Both have one
 * event loop (nginx: one worker), so on a 2-core machine the other core is wrk's.
 * 10 keep-alive connections, BENCH_HTTP_SECONDS (default 10) per run, 3 runs each, medians.
 * Two rounds: per-request logging off on both (the headline), then on for both (pino at info to a
 * file through an asynchronous destination, nginx's access_log to a file with a 64 KiB buffer).
 * The first round also measures bare node:http serving the same bytes: the ceiling for any Node
 * server on this machine.
 * Everything listens on 127.0.0.1, every run is bounded, and the script stops nginx and itself.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { buildPhoneHttpApp, type PhoneHttpResolution } from '../../src/adapters/phone-http/phone-http-app.js';
import { median } from '../store/stats.js';
import { ensureNginx, ensureWrk, startNginx, versionOf } from './tools.js';
import { type WrkResult, wrk } from './wrk.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const RUNS = 3;
const CONNECTIONS = 10;
const DEVICES = 10_000;
const SERVED_MAC = '001565a1b2c3';
// Bounded: five targets over two rounds, each warmed up then run RUNS times; slack for installs.
const HARD_LIMIT_MS = (5 * (WARMUP_SECONDS + RUNS * SECONDS) + 600) * 1000;

const results: string[] = [];
const log = (key: string, value: string | number): void => {
  const line = `${key.padEnd(48)} ${value}`;
  results.push(line);
  process.stdout.write(`${line}\n`);
};

/** A Yealink-like per-MAC config of about 2 KiB. */
const configFor = (mac: string, index: number): string => {
  const lines = [
    '#!version:1.0.0.1',
    `# provd generated config for ${mac}`,
    'auto_provision.mode = 6',
    `auto_provision.server.url = http://10.0.0.254:8667/`,
    'local_time.time_zone = +1',
    'local_time.time_zone_name = France(Paris)',
    'local_time.ntp_server1 = 10.0.0.254',
    'lang.gui = French',
    'lang.wui = French',
  ];
  for (let line = 1; line <= 6; line++) {
    lines.push(
      `account.${line}.enable = ${line === 1 ? 1 : 0}`,
      `account.${line}.label = ${1000 + index}`,
      `account.${line}.display_name = Phone ${index} line ${line}`,
      `account.${line}.auth_name = ${mac}${line}`,
      `account.${line}.user_name = ${1000 + index}`,
      `account.${line}.password = ${createHash('sha256').update(`${mac}${line}`).digest('hex').slice(0, 24)}`,
      `account.${line}.sip_server.1.address = 10.0.0.254`,
    );
  }
  let text = `${lines.join('\n')}\n`;
  while (text.length < 2048) text += `features.dnd.feature_${text.length} = 0\n`;
  return text;
};

const macOf = (index: number): string => (0x001565000000 + index).toString(16).padStart(12, '0');

const buildCache = (): Map<string, PhoneHttpResolution> => {
  const cache = new Map<string, PhoneHttpResolution>();
  const lastModified = new Date(Date.now() - 60_000);
  for (let i = 0; i < DEVICES; i++) {
    const mac = i === 0 ? SERVED_MAC : macOf(i);
    const body = new TextEncoder().encode(configFor(mac, i));
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    cache.set(`${mac}.cfg`, { kind: 'bytes', body, etag, lastModified });
  }
  return cache;
};

interface Target {
  readonly url: string;
  stop(): Promise<void>;
}

const startOurs = async (
  cache: Map<string, PhoneHttpResolution>,
  logFile: string | undefined,
): Promise<Target> => {
  // Asynchronous destination, pino's usual production setting. (A large minLength was tried:
  // sonic-boom then spends more time concatenating strings than it saves in write calls.)
  const destination = pino.destination({ dest: logFile ?? '/dev/null', sync: false });
  const logger: Logger = pino({ level: logFile ? 'info' : 'warn' }, destination);
  const app = buildPhoneHttpApp({
    trustedProxies: 0,
    logger,
    resolve: async (req) => cache.get(req.path) ?? { kind: 'not-found', reason: 'unknown file' },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    stop: async () => {
      await app.close();
      destination.flushSync();
      destination.end();
    },
  };
};

/**
 * The ceiling for any Node server here: node:http answering the same bytes with the same headers
 * and no logic at all (no routing, no checks, no logging). Measured, not assumed.
 */
const startBareNode = async (body: Uint8Array, etag: string, lastModified: Date): Promise<Target> => {
  const headers = {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.byteLength,
    etag,
    'last-modified': lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const check = async (label: string, url: string, expected: string): Promise<void> => {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200 || body !== expected) throw new Error(`${label} does not serve the config`);
};

const measure = async (url: string): Promise<WrkResult> => {
  const result = await wrk(url, CONNECTIONS, SECONDS);
  if (result.errors > 0) throw new Error(`${result.errors} errors during a run on ${url}`);
  return result;
};

const round = async (
  label: string,
  cache: Map<string, PhoneHttpResolution>,
  dir: string,
  www: string,
  logging: boolean,
): Promise<void> => {
  const path = `/${SERVED_MAC}.cfg`;
  const served = cache.get(`${SERVED_MAC}.cfg`) as Extract<PhoneHttpResolution, { kind: 'bytes' }>;
  const expected = new TextDecoder().decode(served.body);
  const targets: { name: string; target: Target }[] = [];
  try {
    targets.push({
      name: 'provd',
      target: await startOurs(cache, logging ? join(dir, 'provd-phone.log') : undefined),
    });
    targets.push({ name: 'nginx', target: await startNginx(dir, www, { accessLog: logging }) });
    // Without logging only: nginx and provd both log when it is on, bare node:http cannot.
    if (!logging) {
      targets.push({
        name: 'bare node:http',
        target: await startBareNode(served.body, served.etag, served.lastModified),
      });
    }
    for (const { name, target } of targets) {
      await check(name, target.url + path, expected);
      await wrk(target.url + path, CONNECTIONS, WARMUP_SECONDS);
    }
    const runs = new Map<string, WrkResult[]>(targets.map(({ name }) => [name, []]));
    // Interleaved, so that a noisy moment on the machine hits every side.
    for (let run = 0; run < RUNS; run++) {
      for (const { name, target } of targets) runs.get(name)?.push(await measure(target.url + path));
    }
    const rps = (name: string) => median((runs.get(name) ?? []).map((r) => r.requestsPerSecond));
    const p99 = (name: string) => median((runs.get(name) ?? []).map((r) => r.p99Ms));
    for (const { name } of targets) {
      log(`${label}: ${name} req/s (median of ${RUNS})`, Math.round(rps(name)));
      log(`${label}: ${name} p99 ms (median)`, p99(name).toFixed(2));
      log(
        `${label}: ${name} runs req/s`,
        (runs.get(name) ?? []).map((r) => Math.round(r.requestsPerSecond)).join(', '),
      );
    }
    log(`${label}: ratio provd / nginx`, (rps('provd') / rps('nginx')).toFixed(2));
    if (!logging)
      log(`${label}: ratio provd / bare node:http`, (rps('provd') / rps('bare node:http')).toFixed(2));
  } finally {
    for (const { target } of targets) await target.stop();
  }
};

const main = async (): Promise<void> => {
  const watchdog = setTimeout(() => {
    process.stderr.write('bench:http exceeded its time limit\n');
    process.exit(1);
  }, HARD_LIMIT_MS);
  watchdog.unref();
  ensureWrk();
  ensureNginx();
  const dir = mkdtempSync(join(tmpdir(), 'provd-bench-http-'));
  // nginx workers run as nobody: the document root must be world-readable.
  chmodSync(dir, 0o755);
  const www = join(dir, 'www');
  mkdirSync(www, { mode: 0o755 });
  try {
    const cache = buildCache();
    const served = cache.get(`${SERVED_MAC}.cfg`) as { body: Uint8Array };
    writeFileSync(join(www, `${SERVED_MAC}.cfg`), served.body, { mode: 0o644 });
    log(
      'machine',
      `${cpus().length} cores, node ${process.version}, load average ${loadavg()[0]?.toFixed(2)}`,
    );
    log('tools', `${versionOf('nginx')}; ${versionOf('wrk').split(' [')[0]}`);
    log('load', `wrk -t1 -c${CONNECTIONS}, ${SECONDS} s runs, ${served.body.byteLength}-byte config`);
    await round('logging off', cache, dir, www, false);
    await round('logging on', cache, dir, www, true);
    log('reference: wazo-provd (not measured here)', '~500 req/s');
    // Other work on the machine moves every number; the load average says how quiet it was.
    log('load average at the end', loadavg()[0]?.toFixed(2) ?? '?');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
};

await main();
