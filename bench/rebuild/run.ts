/**
 * npm run bench:rebuild — rebuilding the read models aside while serving, and verifying them.
 * BENCH_DEVICES (default 100000) devices × 10 events make the log. While the copy is built, a
 * reader looks a device up every 5 ms and a writer appends 100 events a second, as a server's
 * traffic would; their latencies and the event loop's delays show what serving goes through.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { encodeEvent } from '../../src/domain/events/codec.js';
import { SETTINGS_STREAM } from '../../src/domain/streams.js';
import { newEventId } from '../../src/eventstore/event-id.js';
import { ALL_PROJECTIONS, createReadModels } from '../../src/projections/read-models.js';
import { rebuildAside } from '../../src/projections/rebuild/rebuild-aside.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { openSnapshot } from '../../src/projections/verify/snapshot.js';
import { verifyReadModels } from '../../src/projections/verify/verify-read-models.js';
import { mib, timed } from '../store/stats.js';
import { deviceLife, EVENTS_PER_DEVICE, MASTER_TENANT, smallEvent } from '../store/workload.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const root = join(process.cwd(), '.bench-tmp', 'rebuild');
rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
const log = (key: string, value: string | number): void => {
  process.stdout.write(`${key.padEnd(52)} ${value}\n`);
};
const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;
log('machine', `${cpus().length} cores, node ${process.version}`);

const store = new SqliteEventStore({ path: join(root, 'events.db'), durability: 'normal' });
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
for (let i = 0; i < DEVICES; i++) {
  const { stream, events } = deviceLife(i);
  await store.append(stream, events, 'no_stream');
}
const events = DEVICES * EVENTS_PER_DEVICE;
log('log', `${events} events, ${DEVICES} devices`);

const file = join(root, 'readmodel.db');
const db = openReadModelDb(file);
const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS, batchSize: 2000 });
log('first build, in place (baseline) s', ((await timed(() => runner.start())) / 1000).toFixed(1));
log('read-model file MiB', mib(statSync(file).size));
const models = createReadModels(db);

/** Runs `work` under a reader, a writer and an event-loop monitor; reports what they saw. */
const whileServing = async (label: string, work: () => Promise<void>): Promise<void> => {
  // The longest the event loop was held: a timer due every 5 ms, and how late it fires.
  const stalls: number[] = [];
  let due = performance.now() + 5;
  const probe = setInterval(() => {
    const now = performance.now();
    stalls.push(Math.max(0, now - due));
    due = now + 5;
  }, 5);
  const reads: number[] = [];
  const writes: number[] = [];
  let serving = true;
  let n = 0;
  const reader = (async () => {
    while (serving) {
      const started = performance.now();
      models.devices.get(`dev${(n++ % DEVICES).toString(16).padStart(8, '0')}`);
      reads.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const writer = (async () => {
    let i = 0;
    while (serving) {
      const started = performance.now();
      const { position } = await store.append(`device-w${i}`, [smallEvent(i++)], 'any');
      await runner.waitFor(position, 60_000);
      writes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const elapsed = await timed(work);
  clearInterval(probe);
  serving = false;
  await Promise.all([reader, writer]);
  log(`${label} s`, (elapsed / 1000).toFixed(1));
  log(`  events/s`, Math.round((events / elapsed) * 1000));
  log('  event loop held p99 / max', `${ms(percentile(stalls, 99))} / ${ms(Math.max(...stalls))}`);
  log(
    `  device lookups (${reads.length}) p50 / p99 / max`,
    `${ms(percentile(reads, 50))} / ${ms(percentile(reads, 99))} / ${ms(Math.max(...reads))}`,
  );
  log(
    `  appends applied (${writes.length}) p50 / p99 / max`,
    `${ms(percentile(writes, 50))} / ${ms(percentile(writes, 99))} / ${ms(Math.max(...writes))}`,
  );
};

/** How long the live runner waits while the copy takes the last events and is swapped in. */
const timeLivePause = (): { readonly ms: () => number; restore(): void } => {
  const original = runner.swapIn.bind(runner);
  let paused = 0;
  runner.swapIn = async (swap) => {
    const started = performance.now();
    await original(swap);
    paused = performance.now() - started;
  };
  return {
    ms: () => paused,
    restore: () => {
      runner.swapIn = original;
    },
  };
};

for (const [label, projections] of [
  ['rebuild aside, all projections, while serving', ALL_PROJECTIONS],
  ['rebuild aside, devices only, while serving', ALL_PROJECTIONS.filter((p) => p.name === 'devices')],
] as const) {
  const pause = timeLivePause();
  try {
    await whileServing(label, () => rebuildAside({ store, db, runner, projections }).then(() => {}));
  } finally {
    pause.restore();
  }
  log('  final catch-up and swap (live runner paused)', ms(pause.ms()));
}

await runner.stop();
const snapshot = openSnapshot(file);
let identical = false;
const verifyMs = await timed(async () => {
  const report = await verifyReadModels({ store, stored: snapshot.db, projections: ALL_PROJECTIONS });
  identical = report.identical;
  log('  rows compared', report.rows);
});
snapshot.close();
log('verify (rebuild in memory + compare) s', (verifyMs / 1000).toFixed(1));
log('  identical', String(identical));
log('  RSS after verify MiB', mib(process.memoryUsage().rss));
await store.close();
db.close();
rmSync(root, { recursive: true, force: true });
