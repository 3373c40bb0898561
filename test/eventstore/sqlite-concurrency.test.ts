import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { collect } from '../support/event-fixtures.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { type Attempt, CONTENDED_STREAM } from './concurrency-attempt.js';

const WORKERS = 4;
const APPENDS_PER_WORKER = 200;
const TOTAL = WORKERS * APPENDS_PER_WORKER;

const workerScript = fileURLToPath(new URL('./concurrency-worker.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Writer {
  readonly process: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; stderr: string }>;
}

/** Starts a writer in its own Node process, TypeScript loaded through tsx. */
const startWriter = (file: string, name: string, logFile: string): Writer => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', workerScript, file, name, String(APPENDS_PER_WORKER), logFile],
    { cwd: repositoryRoot, stdio: 'pipe' },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`${name} exited before it was ready: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once('exit', (code) => resolve({ code, stderr }));
  });
  return { process: child, ready, exited };
};

describe('SqliteEventStore under concurrent writers in separate processes', () => {
  let dir: TempDir;
  const writers: Writer[] = [];

  beforeEach(async () => {
    dir = await makeTempDir();
  });

  afterEach(async () => {
    for (const writer of writers.splice(0)) if (writer.process.exitCode === null) writer.process.kill();
    await dir.remove();
  });

  it(`keeps one stream contiguous with ${WORKERS} processes × ${APPENDS_PER_WORKER} appends`, async () => {
    const file = join(dir.path, 'events.db');
    const logFiles = Array.from({ length: WORKERS }, (_, i) => join(dir.path, `writer-${i}.json`));
    writers.push(...logFiles.map((logFile, i) => startWriter(file, `writer-${i}`, logFile)));
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.process.stdin.end('go\n');
    const exits = await Promise.all(writers.map((writer) => writer.exited));
    expect(exits).toEqual(exits.map(() => ({ code: 0, stderr: '' })));

    const attempts: Attempt[] = (
      await Promise.all(
        logFiles.map(async (logFile) => JSON.parse(await readFile(logFile, 'utf8')) as Attempt[]),
      )
    ).flat();
    const wins = attempts.filter((attempt) => attempt.outcome === 'won');
    const conflicts = attempts.filter((attempt) => attempt.outcome === 'conflict');

    const store = new SqliteEventStore({ path: file });
    const stream = await collect(store.readStream(CONTENDED_STREAM));
    await store.close();

    // The stream is exactly revisions 0..N-1, one event per won append.
    expect(stream.map((event) => event.revision)).toEqual([...Array(TOTAL).keys()]);
    expect(wins).toHaveLength(TOTAL);

    // Every won append is stored once, at the revision the writer was told; nothing else is.
    const storedById = new Map(stream.map((event) => [event.id, event]));
    expect(storedById.size).toBe(TOTAL);
    for (const win of wins) {
      expect(storedById.get(win.eventId)?.revision).toBe(win.revision);
      expect(win.revision).toBe(win.expected + 1);
    }
    const conflictIds = new Set(conflicts.map((conflict) => conflict.eventId));
    expect(stream.filter((event) => conflictIds.has(event.id))).toEqual([]);

    // Exactly one writer won each revision; every loser had read a revision already taken.
    const winnersByRevision = new Map<number, string[]>();
    for (const win of wins) {
      winnersByRevision.set(win.revision, [...(winnersByRevision.get(win.revision) ?? []), win.worker]);
    }
    for (let revision = 0; revision < TOTAL; revision++) {
      expect(winnersByRevision.get(revision), `winners of revision ${revision}`).toHaveLength(1);
    }
    for (const conflict of conflicts) {
      expect(conflict.revision).toBeGreaterThan(conflict.expected);
      expect(winnersByRevision.has(conflict.expected + 1)).toBe(true);
    }

    // Without conflicts the writers never actually raced, and this test would prove nothing.
    expect(conflicts.length).toBeGreaterThan(0);
    const writersThatLost = new Set(conflicts.map((conflict) => conflict.worker));
    expect(writersThatLost.size).toBeGreaterThan(1);
  });
});
