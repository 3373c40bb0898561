/**
 * Appends to a SQLite event store until an append fails, then tries once more; prints what it
 * saw as one JSON line. Run in a process whose files may not grow past a limit (ulimit -f).
 */
import { SqliteEventStore } from '../../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { newEventId } from '../../../src/eventstore/event-id.js';

const path = process.argv[2]!;
const store = new SqliteEventStore({ path });
const padding = 'x'.repeat(4_000);
let acked = 0;
let failure: { code?: string; message: string } | undefined;
const append = (n: number) =>
  store.append(
    `device-full${n}`,
    [
      {
        id: newEventId(),
        type: 'DeviceUpdated',
        schemaVersion: 1,
        data: { deviceId: `full${n}`, set: { description: padding }, unset: [] },
        metadata: { source: 'system' },
      },
    ],
    'no_stream',
  );
for (let n = 0; failure === undefined && n < 100_000; n++) {
  try {
    await append(n);
    acked++;
  } catch (error) {
    failure = { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}
let again: string | undefined;
try {
  await append(1_000_000);
} catch (error) {
  again = (error as Error).message;
}
await store.close();
process.stdout.write(`${JSON.stringify({ acked, failure, again })}\n`);
