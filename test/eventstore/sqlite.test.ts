import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptEventError } from '../../src/adapters/eventstore/common/errors.js';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import type { RecordedEvent } from '../../src/eventstore/envelope.js';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.js';
import { collect, ids, newEvent, newEvents, positions, revisions } from '../support/event-fixtures.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { describeEventStoreContract } from './contract.js';

describeEventStoreContract('SQLite file', async (clock) => {
  const dir = await makeTempDir();
  const store = new SqliteEventStore({ path: join(dir.path, 'events.db'), clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await dir.remove();
    },
  };
});

describeEventStoreContract('SQLite :memory:', async (clock) => {
  const store = new SqliteEventStore({ path: ':memory:', clock, durability: 'normal' });
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore', () => {
  let dir: TempDir;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: { pollIntervalMs?: number } = {}) => {
    const store = new SqliteEventStore({ path: file, ...options });
    opened.push(store);
    return store;
  };
  /** A plain connection to the same file, for what the store itself would never do. */
  const raw = <T>(use: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return use(db);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = await makeTempDir();
    file = join(dir.path, 'events.db');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await dir.remove();
  });

  it('keeps events across close and reopen', async () => {
    const first = open();
    const events = newEvents(3);
    await first.append('device-1', events, 'no_stream');
    await first.close();
    const reopened = open();
    const read = await collect(reopened.readStream('device-1'));
    expect(ids(read)).toEqual(ids(events));
    expect((await reopened.append('device-1', [newEvent()], 2)).revision).toBe(3);
  });

  it('shares the file with a second store, whose subscription sees the first one appends by polling', async () => {
    const writer = open();
    const reader = open();
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribe({}, { onEvent: (event) => void received.push(event) });
    const events = newEvents(3);
    await writer.append('device-1', events, 'no_stream');
    expect(await reader.headPosition()).toBe(await writer.headPosition());
    expect(ids(await collect(reader.readStream('device-1')))).toEqual(ids(events));
    await waitFor(() => received.length === 3, 'polled events', { timeoutMs: 3000 });
    expect(ids(received)).toEqual(ids(events));
    await writer.append('device-1', [newEvent()], 2);
    await waitFor(() => received.length === 4, 'the next polled event', { timeoutMs: 3000 });
    await subscription.close();
  });

  it('wakes its own subscriptions at once rather than at the next poll', async () => {
    const store = open({ pollIntervalMs: 60_000 });
    const received: RecordedEvent[] = [];
    const subscription = store.subscribe({}, { onEvent: (event) => void received.push(event) });
    await store.append('device-1', [newEvent()], 'no_stream');
    await waitFor(() => received.length === 1, 'the appended event', { timeoutMs: 1000 });
    await subscription.close();
  });

  it('checks the expected revision against what other connections wrote', async () => {
    const one = open();
    const two = open();
    await one.append('device-1', [newEvent()], 'no_stream');
    await expect(two.append('device-1', [newEvent()], 'no_stream')).rejects.toMatchObject({ actual: 0 });
    await two.append('device-1', [newEvent()], 0);
    await expect(one.append('device-1', [newEvent()], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('reports a UNIQUE(stream, revision) violation by a writer bypassing the lock as a conflict', async () => {
    const store = open();
    await store.append('device-1', [newEvent()], 'no_stream');
    // The trigger plays a foreign writer that takes revision 1 just before our insert does.
    raw((db) =>
      db.exec(`CREATE TRIGGER steal_revision BEFORE INSERT ON events WHEN NEW.type <> 'Thief'
               BEGIN
                 INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at)
                 VALUES ('00000000-0000-4000-8000-00000000beef', NEW.stream, NEW.revision, 'Thief', 1, '{}',
                         '{"source":"system"}', 0);
               END`),
    );
    const error = await store.append('device-1', [newEvent()], 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream: 'device-1', expected: 0 });
    expect(revisions(await collect(store.readStream('device-1')))).toEqual([0]);
  });

  it('rolls back the events already inserted when a later insert of the same append fails', async () => {
    const store = open();
    await store.append('device-1', [newEvent()], 'no_stream');
    // Fails inside SQLite after the first two rows of the batch are in, past every check in JS.
    raw((db) =>
      db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison'
               BEGIN SELECT RAISE(ABORT, 'poisoned row'); END`),
    );
    const batch = [newEvent(), newEvent(), newEvent('Poison'), newEvent()];
    await expect(store.append('device-1', batch, 0)).rejects.toThrow(/poisoned row/);
    expect(revisions(await collect(store.readStream('device-1')))).toEqual([0]);
    expect(await collect(store.readAll())).toHaveLength(1);
  });

  describe('with a corrupt row', () => {
    let store: SqliteEventStore;
    let corruptPosition: number;

    beforeEach(async () => {
      store = open();
      await store.append('device-1', [newEvent()], 'no_stream');
      corruptPosition = raw((db) =>
        Number(
          db
            .prepare(
              `INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at)
               VALUES ('00000000-0000-4000-8000-0000000000ff', 'device-bad', 0, 'Broken', 1, '{"mac":',
                       '{"source":"system"}', 0)`,
            )
            .run().lastInsertRowid,
        ),
      );
    });

    it('fails reads with an error naming the position', async () => {
      const expected = new RegExp(`position ${corruptPosition}: data is not valid JSON`);
      await expect(collect(store.readAll())).rejects.toThrow(expected);
      await expect(collect(store.readStream('device-bad'))).rejects.toBeInstanceOf(CorruptEventError);
      await expect(collect(store.readStream('device-bad'))).rejects.toMatchObject({
        position: corruptPosition,
      });
    });

    it('keeps the rest of the store usable', async () => {
      await store.append('device-1', [newEvent()], 0);
      expect(revisions(await collect(store.readStream('device-1')))).toEqual([0, 1]);
      expect(await collect(store.readAll({ after: corruptPosition }))).toHaveLength(1);
    });

    it('stops a subscription that reaches it and reports the error', async () => {
      const received: RecordedEvent[] = [];
      const errors: unknown[] = [];
      store.subscribe(
        {},
        { onEvent: (event) => void received.push(event), onError: (e) => void errors.push(e) },
      );
      await waitFor(() => errors.length === 1, 'the error report');
      expect(errors[0]).toBeInstanceOf(CorruptEventError);
      expect(received).toHaveLength(0);
    });
  });

  it('reads and follows a log longer than one page', async () => {
    const store = open();
    for (let batch = 0; batch < 5; batch++) await store.append('device-1', newEvents(500), 'any');
    await store.append('device-2', newEvents(10), 'any');
    const all = await collect(store.readAll());
    expect(all).toHaveLength(2510);
    expect(positions(all)).toEqual([...positions(all)].sort((a, b) => a - b));
    expect(revisions(await collect(store.readStream('device-1')))).toEqual([...Array(2500).keys()]);
    const window = await collect(store.readAll({ after: all[99]!.position, limit: 1500 }));
    expect(ids(window)).toEqual(ids(all.slice(100, 1600)));
    const received: RecordedEvent[] = [];
    const subscription = store.subscribe({}, { onEvent: (event) => void received.push(event) });
    await waitFor(() => received.length === 2510, 'the whole log');
    await subscription.close();
    expect(ids(received)).toEqual(ids(all));
  });

  it('creates the schema in WAL mode and records its version', async () => {
    await open().close();
    raw((db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const eventColumns = db
        .prepare<[string], string>('SELECT name FROM pragma_table_info(?)')
        .pluck()
        .all('events');
      expect(eventColumns).toEqual([
        'position',
        'id',
        'stream',
        'revision',
        'type',
        'schema_version',
        'data',
        'metadata',
        'recorded_at',
      ]);
    });
  });

  it('refuses a file written by a newer schema', async () => {
    raw((db) => db.pragma('user_version = 99'));
    expect(() => open()).toThrow(/schema version 99 is newer/);
  });

  it('refuses a missing path', () => {
    expect(() => new SqliteEventStore({ path: '' })).toThrow(/path/);
  });

  it('fails an append clearly when the clock returns an invalid date, and writes nothing', async () => {
    const store = new SqliteEventStore({ path: ':memory:', clock: () => new Date(Number.NaN) });
    opened.push(store);
    await expect(store.append('device-1', [newEvent()], 'any')).rejects.toThrow(/clock/);
    expect(await store.headPosition()).toBe(-1);
  });
});
