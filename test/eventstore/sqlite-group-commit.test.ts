import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateEventIdError } from '../../src/adapters/eventstore/common/errors.js';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.js';
import { collect, newEvent, newEvents } from '../support/event-fixtures.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});

const openStore = async () => {
  const dir = await makeTempDir('provd-group-');
  dirs.push(dir);
  const path = join(dir.path, 'events.db');
  return { store: new SqliteEventStore({ path }), path };
};

/** Appends issued in the same tick share one commit; each still succeeds or fails on its own. */
describe('SQLite group commit', () => {
  it('commits concurrent appends together, refusing only the stale one', async () => {
    const { store, path } = await openStore();
    await store.append('s-existing', newEvents(2), 'no_stream');
    const results = await Promise.allSettled([
      store.append('s-a', newEvents(3), 'no_stream'),
      store.append('s-existing', newEvents(1), 0), // stale: the stream is at revision 1
      store.append('s-b', newEvents(2), 'no_stream'),
      store.append('s-existing', newEvents(1), 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await collect(store.readStream('s-a'))).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect((await collect(store.readStream('s-existing'))).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(await collect(store.readAll())).toHaveLength(2 + 3 + 2 + 1);
    await store.close();
    // Durable: another connection sees exactly what was acknowledged.
    const db = new Database(path, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(8);
    db.close();
  });

  it('rolls back an append that fails halfway without touching its neighbours', async () => {
    const { store } = await openStore();
    const reused = newEvent();
    await store.append('s-first', [reused], 'no_stream');
    const results = await Promise.allSettled([
      store.append('s-ok', newEvents(2), 'no_stream'),
      store.append('s-dup', [newEvent(), reused], 'no_stream'),
    ]);
    expect(results[0]?.status).toBe('fulfilled');
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    expect(await collect(store.readStream('s-dup'))).toEqual([]);
    expect(await collect(store.readStream('s-ok'))).toHaveLength(2);
    await store.close();
  });

  it('commits appends still waiting when the store is closed', async () => {
    const { path } = await openStore();
    const store = new SqliteEventStore({ path });
    const pending = store.append('s-late', newEvents(2), 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ revision: 1 });
    const reopened = new SqliteEventStore({ path });
    expect(await collect(reopened.readStream('s-late'))).toHaveLength(2);
    await reopened.close();
  });
});
