/**
 * npm run bench:bootstorm — a site's phones all boot at once. BENCH_PHONES (default 10,000) new
 * Yealink phones each fetch three files over HTTP from a real provd (its own process, compiled,
 * on the embedded SQLite store): the common file, their MAC file, and the MAC file again as a
 * conditional request. Then the same phones boot again (now known): the baseline measured in
 * the same run. Loopback only; bounded by the phone count; stops by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startProvdProcess } from '../support/provd-process.js';

const PHONES = Number(process.env.BENCH_PHONES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const HTTP_PORT = 28667;
const REST_PORT = 28666;

const mac = (i: number): string =>
  [0x00, 0x15, 0x65, (i >> 16) & 255, (i >> 8) & 255, i & 255]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Answer {
  readonly status: number;
  readonly etag: string | undefined;
  readonly ms: number;
}

const fetchFile = (path: string, ua: string, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      {
        host: '127.0.0.1',
        port: HTTP_PORT,
        path: `/${path}`,
        agent,
        headers: { 'user-agent': ua, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            etag: res.headers.etag,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });

interface Storm {
  readonly latencies: number[];
  readonly statuses: Map<string, number>;
  readonly errors: number;
  readonly seconds: number;
}

/** Every phone fetches its three files in order; CONCURRENCY phones boot at any moment. */
const storm = async (): Promise<Storm> => {
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const count = (what: string) => statuses.set(what, (statuses.get(what) ?? 0) + 1);
  const phone = async (i: number): Promise<void> => {
    const m = mac(i);
    const ua = `Yealink SIP-T46S 66.86.0.15 ${m}`;
    // Each phone its own address, as behind the reverse proxy provd trusts here.
    const ip = { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
    const file = `${m.replaceAll(':', '')}.cfg`;
    try {
      const common = await fetchFile('y000000000000.cfg', ua, ip);
      const own = await fetchFile(file, ua, ip);
      const again = await fetchFile(file, ua, own.etag ? { ...ip, 'if-none-match': own.etag } : ip);
      for (const [what, answer] of [
        ['common', common],
        ['mac', own],
        ['mac-again', again],
      ] as const) {
        latencies.push(answer.ms);
        count(`${what} ${answer.status}`);
        if (answer.status >= 500) errors++;
      }
      if (own.status !== 200 || again.status !== 304) errors++;
    } catch {
      errors++;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < PHONES; i = next++) await phone(i);
    }),
  );
  return { latencies, statuses, errors, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
};

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

const dataDir = mkdtempSync(join(tmpdir(), 'provd-bootstorm-'));
const provd = startProvdProcess({ dataDir, restPort: REST_PORT, httpPort: HTTP_PORT });
try {
  await provd.ready(30_000);
  const report = (label: string, s: Storm) => {
    process.stdout.write(
      `${label.padEnd(34)} ${PHONES} phones, ${s.latencies.length} requests in ${s.seconds.toFixed(1)} s ` +
        `(${Math.round(s.latencies.length / s.seconds)} req/s); p50 ${percentile(s.latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(s.latencies, 99).toFixed(1)} ms; errors ${s.errors}\n    ${[...s.statuses].map(([k, v]) => `${k}: ${v}`).join(', ')}\n`,
    );
  };
  process.stdout.write(
    `machine: ${cpus().length} cores, node ${process.version}; ${CONCURRENCY} phones at a time\n`,
  );
  const first = await storm();
  report('first boot (devices created)', first);
  const db = new Database(join(dataDir, 'readmodel.db'), { readonly: true });
  const devices = (db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n;
  const configured = (
    db.prepare('SELECT count(*) AS n FROM render_status WHERE configured = 1').get() as { n: number }
  ).n;
  db.close();
  process.stdout.write(
    `devices in the read model: ${devices} (expected ${PHONES}); configured: ${configured}\n`,
  );
  const second = await storm();
  report('reboot (known devices, baseline)', second);
  process.stdout.write(
    `p99 ratio first boot / reboot: ${(percentile(first.latencies, 99) / percentile(second.latencies, 99)).toFixed(1)}\n`,
  );
  if (first.errors + second.errors > 0 || devices !== PHONES) process.exitCode = 1;
} finally {
  await provd.stop();
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
