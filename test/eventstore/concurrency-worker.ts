/**
 * One contending writer for sqlite-concurrency.test.ts, run as its own OS process:
 *   node --import tsx concurrency-worker.ts <db file> <worker name> <appends> <log file>
 * It prints "ready" once its store is open, waits for a line on stdin so that every writer starts
 * together, then appends to one shared stream with the exact revision it last read, re-reading
 * after each conflict, until it has won <appends> times. Every attempt goes to the log file.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { isWrongExpectedRevision } from '../../src/eventstore/errors.js';
import { type Attempt, CONTENDED_STREAM } from './concurrency-attempt.js';

const waitForStartSignal = (): Promise<void> =>
  new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', () => {
      lines.close();
      resolve();
    });
  });

const run = async (file: string, worker: string, wanted: number, logFile: string): Promise<void> => {
  const store = new SqliteEventStore({ path: file });
  const attempts: Attempt[] = [];
  let known = -1;
  let won = 0;
  process.stdout.write('ready\n');
  await waitForStartSignal();
  try {
    while (won < wanted) {
      for await (const event of store.readStream(CONTENDED_STREAM, { fromRevision: known + 1 })) {
        known = event.revision;
      }
      // Think between reading and writing, as a command handler deciding would: without it the
      // writer that just committed re-takes the lock before the others wake from their busy wait,
      // and the writers would mostly take turns instead of racing.
      await sleep(Math.random() * 2);
      const eventId = randomUUID();
      const event = {
        id: eventId,
        type: 'Contended',
        schemaVersion: 1,
        data: { worker },
        metadata: { source: 'system' as const },
      };
      try {
        const { revision } = await store.append(CONTENDED_STREAM, [event], known < 0 ? 'no_stream' : known);
        attempts.push({ worker, expected: known, eventId, outcome: 'won', revision });
        known = revision;
        won++;
      } catch (error) {
        if (!isWrongExpectedRevision(error)) throw error;
        attempts.push({ worker, expected: known, eventId, outcome: 'conflict', revision: error.actual });
      }
    }
  } finally {
    writeFileSync(logFile, JSON.stringify(attempts));
    await store.close();
  }
};

const [file, worker, wanted, logFile] = process.argv.slice(2);
if (!file || !worker || !wanted || !logFile) {
  process.stderr.write('usage: concurrency-worker.ts <db file> <worker name> <appends> <log file>\n');
  process.exit(2);
}
run(file, worker, Number(wanted), logFile).catch((error: unknown) => {
  process.stderr.write(`${worker} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
