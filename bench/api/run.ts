/**
 * npm run bench:api — the admin REST API of a real provd process (the compiled server, as
 * `npm start` runs it) on loopback, with BENCH_API_DEVICES (default 100,000) devices:
 *   - create: every device through POST /0.2/dev_mgr/devices, 32 clients at once (sustained rate;
 *     each append waits for its durable commit, concurrent ones share it);
 *   - find by MAC: GET /0.2/dev_mgr/devices?q={"mac":…} for random existing MACs (latency);
 *   - list with skip/limit: GET /0.2/dev_mgr/devices?skip=<random>&limit=100 (latency);
 *   - baseline: GET /0.2/cfg_mgr (authentication plus a constant answer) in the same run, so the
 *     numbers can be read as ratios on a noisy machine.
 * Latency runs use 4 keep-alive clients, 2,000 requests each kind, after a warm-up.
 * Targets (issue 4): find by MAC p99 ≤ 20 ms, list p99 ≤ 50 ms, create ≥ 1,000/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../store/stats.js';
import { BENCH_ADMIN_TOKEN, startProvdProcess } from '../support/provd-process.js';

const DEVICES = Number(process.env.BENCH_API_DEVICES ?? 100_000);
// Several confd workers or provisioning scripts at once; BENCH_API_CLIENTS to change it.
const CREATE_CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 32);
const LATENCY_CLIENTS = 4;
const LATENCY_REQUESTS = 2_000;
const PROV = 'application/vnd.proformatique.provd+json';
const REST_PORT = 18666;
const HTTP_PORT = 18667;
const base = `http://127.0.0.1:${REST_PORT}/0.2`;
const headers = { 'x-auth-token': BENCH_ADMIN_TOKEN, accept: PROV };

const macOf = (i: number): string =>
  [0x00, 0x15, 0x65, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');

const log = (key: string, value: string | number): void => {
  process.stdout.write(`${key.padEnd(44)} ${value}\n`);
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const request = async (url: string, init: RequestInit = {}): Promise<Response> => {
  const response = await fetch(url, { ...init, headers: { ...headers, ...(init.headers ?? {}) } });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response;
};

const create = async (): Promise<number> => {
  let next = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= DEVICES) return;
      const response = await request(`${base}/dev_mgr/devices`, {
        method: 'POST',
        headers: { 'content-type': PROV },
        body: JSON.stringify({
          device: {
            mac: macOf(i),
            ip: `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`,
            vendor: 'Yealink',
          },
        }),
      });
      await response.arrayBuffer();
      if (i > 0 && i % 20_000 === 0)
        log(`  created`, `${i} (${Math.round(i / ((performance.now() - started) / 1000))}/s)`);
    }
  };
  await Promise.all(Array.from({ length: CREATE_CLIENTS }, client));
  return DEVICES / ((performance.now() - started) / 1000);
};

const latencies = async (name: string, url: () => string): Promise<number[]> => {
  for (let i = 0; i < 100; i++) await (await request(url())).arrayBuffer(); // warm-up
  const samples: number[] = [];
  let left = LATENCY_REQUESTS;
  const client = async (): Promise<void> => {
    while (left-- > 0) {
      const started = performance.now();
      await (await request(url())).arrayBuffer();
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: LATENCY_CLIENTS }, client));
  samples.sort((a, b) => a - b);
  log(
    `${name} p50 / p99 / max (ms)`,
    `${percentile(samples, 50).toFixed(2)} / ${percentile(samples, 99).toFixed(2)} / ${samples.at(-1)?.toFixed(2)}`,
  );
  return samples;
};

const main = async (): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'provd-bench-api-'));
  const provd = startProvdProcess({ dataDir, restPort: REST_PORT, httpPort: HTTP_PORT });
  try {
    await provd.ready();
    log('machine', `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`);
    log('devices', DEVICES);
    const rate = await create();
    log(`create, sustained, ${CREATE_CLIENTS} clients (devices/s)`, Math.round(rate));
    // BENCH_API_CREATE_ONLY=1: stop here (profiling the write path alone).
    if (process.env.BENCH_API_CREATE_ONLY === '1') return;
    const baseline = await latencies('baseline GET /cfg_mgr', () => `${base}/cfg_mgr`);
    const byMac = await latencies('find by MAC', () => {
      const q = JSON.stringify({ mac: macOf(Math.floor(Math.random() * DEVICES)) });
      return `${base}/dev_mgr/devices?q=${encodeURIComponent(q)}`;
    });
    const list = await latencies(
      'list skip/limit 100',
      () => `${base}/dev_mgr/devices?skip=${Math.floor(Math.random() * (DEVICES - 100))}&limit=100`,
    );
    const ratio = (xs: number[]): string => (median(xs) / median(baseline)).toFixed(2);
    log('find by MAC median / baseline median', ratio(byMac));
    log('list median / baseline median', ratio(list));
    const ok = percentile(byMac, 99) <= 20 && percentile(list, 99) <= 50 && rate >= 1000;
    log('targets (p99 ≤ 20 ms, p99 ≤ 50 ms, ≥ 1,000/s)', ok ? 'met' : 'NOT met');
  } finally {
    await provd.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

await main();
