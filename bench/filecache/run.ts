/**
 * npm run bench:filecache — the file cache at scale. BENCH_DEVICES (default 100,000) Yealink
 * devices with the autoprov config are written to the log of a real provd's data dir; provd is
 * then started (its own process, compiled) and renders every one of them in the background while
 * a phone keeps asking for its file. Reports render throughput, the phone's latency during the
 * re-render (baseline: the same requests once the queue is empty) and the server's RSS.
 * Loopback only; bounded by the device count; stops by itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { encodeEvent } from '../../src/domain/events/codec.js';
import type { DomainEvent } from '../../src/domain/events/domain-event.js';
import { deviceStream } from '../../src/domain/streams.js';
import { newEventId } from '../../src/eventstore/event-id.js';
import { startProvdProcess } from '../support/provd-process.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const HTTP_PORT = 28767;
const REST_PORT = 28766;
const dataDir = mkdtempSync(join(tmpdir(), 'provd-filecache-'));

const mac = (i: number): string =>
  [0x00, 0x15, 0x65, (i >> 16) & 255, (i >> 8) & 255, i & 255]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');

const startProvd = () => startProvdProcess({ dataDir, restPort: REST_PORT, httpPort: HTTP_PORT });

const rssMiB = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
};

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

const phoneRequest = async (i: number): Promise<number> => {
  const m = mac(i);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${HTTP_PORT}/${m.replaceAll(':', '')}.cfg`, {
    headers: {
      'user-agent': `Yealink SIP-T46S 66.86.0.15 ${m}`,
      'x-forwarded-for': `10.9.${(i >> 8) & 255}.${i & 255}`,
    },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`phone ${m}: ${response.status}`);
  return performance.now() - started;
};

try {
  process.stdout.write(`machine: ${cpus().length} cores, node ${process.version}; ${DEVICES} devices\n`);
  // First start: seeds, master tenant, shipped plugins.
  let provd = startProvd();
  await provd.ready();
  await provd.stop();
  const settings = new Database(join(dataDir, 'readmodel.db'), { readonly: true });
  const master = (
    settings.prepare("SELECT value FROM settings_state WHERE key = 'master_tenant'").get() as {
      value: string;
    }
  ).value;
  settings.close();

  const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), durability: 'normal' });
  const loadStarted = performance.now();
  for (let i = 0; i < DEVICES; i++) {
    const deviceId = `bench${i.toString(16).padStart(8, '0')}`;
    const events: DomainEvent[] = [
      {
        type: 'DeviceDiscovered',
        data: {
          deviceId,
          info: {
            mac: mac(i),
            ip: `10.8.${(i >> 8) & 255}.${i & 255}`,
            vendor: 'Yealink',
            model: 'T46S',
            version: '66.86.0.15',
          },
          tenantUuid: master,
          via: 'phone-http',
        },
      },
      { type: 'PluginAssociated', data: { deviceId, plugin: 'yealink', previous: null, score: 600 } },
      { type: 'ConfigAssigned', data: { deviceId, config: 'autoprov', previous: null } },
    ];
    await store.append(
      deviceStream(deviceId),
      events.map((e) => encodeEvent(e, { source: 'system' }, newEventId())),
      'no_stream',
    );
  }
  await store.close();
  process.stdout.write(
    `log written: ${DEVICES} devices in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`,
  );

  provd = startProvd();
  const startedAt = performance.now();
  await provd.ready();
  process.stdout.write(
    `restart to ready (read models caught up): ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`,
  );
  const db = new Database(join(dataDir, 'readmodel.db'), { readonly: true });
  const pending = () => (db.prepare('SELECT count(*) AS n FROM render_dirty').get() as { n: number }).n;
  const renderStarted = performance.now();
  const during: number[] = [];
  let peakRss = 0;
  let probe = 0;
  while (pending() > 0) {
    during.push(await phoneRequest((probe++ * 7919) % DEVICES));
    peakRss = Math.max(peakRss, rssMiB(provd.child.pid!));
    await new Promise((r) => setTimeout(r, 50));
  }
  const renderSeconds = (performance.now() - renderStarted) / 1000;
  const configured = (
    db.prepare('SELECT count(*) AS n FROM render_status WHERE configured = 1').get() as { n: number }
  ).n;
  const blobs = db.prepare('SELECT count(*) AS n, sum(length(content)) AS bytes FROM blobs').get() as {
    n: number;
    bytes: number;
  };
  db.close();
  const after: number[] = [];
  for (let i = 0; i < 200; i++) after.push(await phoneRequest((i * 7919) % DEVICES));
  const rssIdle = rssMiB(provd.child.pid!);
  process.stdout.write(
    `rendered ${configured} devices in ${renderSeconds.toFixed(1)} s (${Math.round(configured / renderSeconds)}/s); ` +
      `${blobs.n} blobs, ${Math.round(blobs.bytes / 1024 / 1024)} MiB on disk\n` +
      `phone MAC-file latency while re-rendering: p50 ${percentile(during, 50).toFixed(1)} ms, p99 ${percentile(during, 99).toFixed(1)} ms (${during.length} requests)\n` +
      `baseline once rendered: p50 ${percentile(after, 50).toFixed(1)} ms, p99 ${percentile(after, 99).toFixed(1)} ms\n` +
      `RSS: peak while rendering ${peakRss} MiB, after ${rssIdle} MiB\n`,
  );
  if (configured !== DEVICES) process.exitCode = 1;
  await provd.stop();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
