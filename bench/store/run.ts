/**
 * npm run bench:store — event store and projection benchmarks on the embedded SQLite store.
 * BENCH_DEVICES (default 100000) devices × 10 events make the rebuild log (1M events by default).
 * Numbers are medians of repeated runs where a run is short; ratios are against bare
 * better-sqlite3 measured in the same run, so a noisy machine shifts both sides.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { decodeEvent, encodeEvent } from '../../src/domain/events/codec.js';
import { SETTINGS_STREAM } from '../../src/domain/streams.js';
import { newEventId } from '../../src/eventstore/event-id.js';
import { ALL_PROJECTIONS } from '../../src/projections/read-models.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { rawInsertRate } from './raw-baseline.js';
import { median, mib, timed } from './stats.js';
import { deviceLife, EVENTS_PER_DEVICE, MASTER_TENANT, smallEvent } from './workload.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const RUNS = 3;
const root = join(process.cwd(), '.bench-tmp', 'store');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const results: Record<string, string | number> = {};
const log = (key: string, value: string | number): void => {
  results[key] = value;
  process.stdout.write(`${key.padEnd(44)} ${value}\n`);
};
log('machine', `${cpus().length} cores, node ${process.version}`);

const appendRate = async (perAppend: number, total: number): Promise<number> => {
  const store = new SqliteEventStore({ path: join(root, `append-${randomUUID()}.db`) });
  const revisions = new Map<string, number>();
  const ms = await timed(async () => {
    for (let i = 0; i < total; i += perAppend) {
      const stream = `device-s${(i / perAppend) % 100}`;
      const events = Array.from({ length: perAppend }, (_, k) => smallEvent(i + k));
      const current = revisions.get(stream) ?? -1;
      const result = await store.append(stream, events, current < 0 ? 'no_stream' : current);
      revisions.set(stream, result.revision);
    }
  });
  await store.close();
  return (total / ms) * 1000;
};

const payload = JSON.stringify(smallEvent(1).data);
for (const [label, perAppend, total] of [
  ['single (1 event per append, durable)', 1, 2_000],
  ['batched (100 events per append, durable)', 100, 50_000],
] as const) {
  const ours: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(await appendRate(perAppend, total));
    raw.push(rawInsertRate(join(root, `raw-${randomUUID()}.db`), total, perAppend, payload));
  }
  log(`append ${label} ev/s`, Math.round(median(ours)));
  log(`  bare better-sqlite3, same batching ev/s`, Math.round(median(raw)));
  log('  ratio', (median(ours) / median(raw)).toFixed(2));
}

// The rebuild log: loaded with synchronous=NORMAL to save time; durability does not change reads.
const dataDir = join(root, 'server');
mkdirSync(dataDir, { recursive: true });
const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), durability: 'normal' });
await store.append(
  SETTINGS_STREAM,
  [
    encodeEvent(
      { type: 'MasterTenantSet', data: { tenantUuid: MASTER_TENANT } },
      { source: 'system' },
      newEventId(),
    ),
  ],
  'no_stream',
);
const loadMs = await timed(async () => {
  for (let i = 0; i < DEVICES; i++) {
    const { stream, events } = deviceLife(i);
    await store.append(stream, events, 'no_stream');
  }
});
const totalEvents = DEVICES * EVENTS_PER_DEVICE;
log(`load ${totalEvents} events (10 per append, normal sync) s`, (loadMs / 1000).toFixed(1));

let decoded = 0;
const readMs = await timed(async () => {
  for await (const event of store.readAll()) {
    if (E.isRight(decodeEvent(event))) decoded++;
  }
});
log(`read+decode ${decoded} events (baseline) s`, (readMs / 1000).toFixed(1));

const db = openReadModelDb(join(dataDir, 'readmodel.db'));
const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS, batchSize: 2000 });
const rebuildMs = await timed(async () => {
  await runner.catchUp();
});
log(`rebuild ${totalEvents} events, all projections s`, (rebuildMs / 1000).toFixed(1));
log('  rebuild events/s', Math.round((totalEvents / rebuildMs) * 1000));
log('  rebuild / read+decode ratio', (rebuildMs / readMs).toFixed(1));
await runner.stop();
await store.close();
db.close();

const restarts = Array.from({ length: RUNS }, () => {
  const child = fileURLToPath(new URL('./restart-child.js', import.meta.url));
  const out = execFileSync(process.execPath, [child, dataDir], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as {
    sinceProcessStartMs: number;
    openToReadyMs: number;
    rssReady: number;
  };
});
log(
  `restart to ready, ${DEVICES} devices: open→ready ms`,
  Math.round(median(restarts.map((r) => r.openToReadyMs))),
);
log(
  '  process start→ready ms (incl. module load)',
  Math.round(median(restarts.map((r) => r.sinceProcessStartMs))),
);
log(`  RSS when ready, ${DEVICES} devices MiB`, mib(median(restarts.map((r) => r.rssReady))));

rmSync(root, { recursive: true, force: true });
