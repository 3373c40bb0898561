/**
 * Started as its own process by run.ts: opens an existing data dir the way the server does and
 * reports how long it took to be ready to answer a device lookup, and the RSS once ready.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { ALL_PROJECTIONS, createReadModels } from '../../src/projections/read-models.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: restart-child.ts <data dir>');
const afterImports = performance.now();
const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
const db = openReadModelDb(join(dataDir, 'readmodel.db'));
const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
await runner.start();
const readModels = createReadModels(db);
const found = readModels.devices.findByMac('00:15:65:00:00:2a');
if (found.length !== 1) throw new Error(`expected one device with that MAC, got ${found.length}`);
const ready = performance.now();
const rssReady = process.memoryUsage().rss;
process.stdout.write(
  `${JSON.stringify({ sinceProcessStartMs: ready, openToReadyMs: ready - afterImports, rssReady, position: runner.position() })}\n`,
);
await runner.stop();
await store.close();
db.close();
