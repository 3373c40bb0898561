import { afterEach, describe, expect, it } from 'vitest';
import { ALL_PROJECTIONS } from '../../src/projections/read-models.js';
import { rebuildAside } from '../../src/projections/rebuild/rebuild-aside.js';
import {
  ownedNames,
  renameIdentifiers,
  SHADOW_PREFIX,
  shadowView,
} from '../../src/projections/rebuild/shadow-names.js';
import {
  pendingRebuild,
  renameSwappedIndexes,
  swapShadowIn,
} from '../../src/projections/rebuild/shadow-tables.js';
import type { ReadModelDb } from '../../src/projections/runner/projection.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { appendEvents } from './support/append-events.js';
import { discovered } from './support/device-events.js';
import { type Harness, newHarness } from './support/harness.js';
import { SCENARIO } from './support/scenario.js';
import { dumpSchema, dumpTables } from './support/table-dump.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runner.stop();
    h.db.close();
  }
});

const live = async (): Promise<Harness> => {
  const h = newHarness();
  open.push(h);
  await h.runner.start();
  for (const [stream, event] of SCENARIO)
    await h.runner.waitFor(await appendEvents(h.store, stream, [event]));
  return h;
};

/** A read model built from zero by a runner of its own over the same log, for reference. */
const fromZero = async (h: Harness): Promise<Record<string, unknown[]>> => {
  const reference = newHarness({ store: h.store });
  open.push(reference);
  await reference.runner.catchUp();
  return dumpTables(reference.db);
};

/** Renaming a table makes SQLite quote its name in the stored statements; nothing else differs. */
const schemaOf = (db: ReadModelDb): unknown[] =>
  dumpSchema(db).map((entry) => {
    const { sql, ...rest } = entry as { sql: string | null };
    return { ...rest, sql: sql?.replaceAll('"', '') ?? null };
  });

const shadowLeft = (db: ReadModelDb): unknown[] =>
  db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'rebuild\\_\\_%' ESCAPE '\\'").all();

describe('rebuilding aside', () => {
  it('swaps in tables identical to the stored ones, under their own names, indexes included', async () => {
    const h = await live();
    const before = dumpTables(h.db);
    const schema = schemaOf(h.db);

    expect(
      await rebuildAside({ store: h.store, db: h.db, runner: h.runner, projections: ALL_PROJECTIONS }),
    ).toBe('swapped');

    expect(dumpTables(h.db)).toEqual(before);
    expect(schemaOf(h.db)).toEqual(schema);
    expect(shadowLeft(h.db)).toEqual([]);
  });

  it('serves the old tables and follows the log while it builds, then swaps in what the log says', async () => {
    const h = await live();
    h.db.exec("UPDATE plugins SET version = 'tampered'");
    h.db.exec("DELETE FROM devices WHERE id = 'd2'");
    let appended = false;
    const seenDuring: unknown[] = [];

    await rebuildAside({
      store: h.store,
      db: h.db,
      runner: h.runner,
      projections: ALL_PROJECTIONS,
      batchSize: 3,
      onProgress: async () => {
        seenDuring.push(h.models.plugins.list().map((plugin) => plugin.version));
        if (appended) return;
        appended = true;
        // The live runner keeps applying new events while the copy is being built.
        const position = await appendEvents(h.store, 'device-d9', [discovered('d9', '10.9.9.9')]);
        await h.runner.waitFor(position, 2_000);
        seenDuring.push(h.models.devices.get('d9')?.ip);
      },
    });

    expect(seenDuring.slice(0, 2)).toEqual([['tampered'], '10.9.9.9']);
    expect(h.models.plugins.list().map((plugin) => plugin.version)).not.toContain('tampered');
    expect(h.models.devices.get('d2')).toBeDefined();
    expect(h.models.devices.get('d9')?.ip).toBe('10.9.9.9');
    expect(dumpTables(h.db)).toEqual(await fromZero(h));

    // Still following the log after the swap.
    const position = await appendEvents(h.store, 'device-d10', [discovered('d10', '10.9.9.10')]);
    await h.runner.waitFor(position, 2_000);
    expect(h.models.devices.get('d10')?.ip).toBe('10.9.9.10');
  });

  it('rebuilds one projection and leaves the others alone', async () => {
    const h = await live();
    h.db.exec("UPDATE plugins SET version = 'tampered'");
    h.db.exec("UPDATE devices SET doc = '{}' WHERE id = 'd1'");
    const plugins = ALL_PROJECTIONS.filter((projection) => projection.name === 'plugins');

    await rebuildAside({ store: h.store, db: h.db, runner: h.runner, projections: plugins });

    const reference = await fromZero(h);
    const after = dumpTables(h.db);
    expect(after.plugins).toEqual(reference.plugins);
    expect(after.devices).not.toEqual(reference.devices);
  });

  it('stopped midway, leaves the live tables as they were and resumes where it stopped', async () => {
    const h = await live();
    const before = dumpTables(h.db);
    const stop = new AbortController();
    let stoppedAt = -1;
    const outcome = await rebuildAside({
      store: h.store,
      db: h.db,
      runner: h.runner,
      projections: ALL_PROJECTIONS,
      batchSize: 5,
      signal: stop.signal,
      onProgress: (position) => {
        stoppedAt = position;
        stop.abort();
      },
    });

    expect(outcome).toBe('stopped');
    expect(stoppedAt).toBeGreaterThan(0);
    const liveTables = Object.entries(dumpTables(h.db)).filter(([table]) => !table.startsWith(SHADOW_PREFIX));
    expect(Object.fromEntries(liveTables)).toEqual(before);
    expect(pendingRebuild(h.db)).toEqual(
      ALL_PROJECTIONS.map((projection) => ({ name: projection.name, position: stoppedAt })).sort((a, b) =>
        a.name < b.name ? -1 : 1,
      ),
    );

    const resumedFrom: number[] = [];
    await rebuildAside({
      store: h.store,
      db: h.db,
      runner: h.runner,
      projections: ALL_PROJECTIONS,
      batchSize: 5,
      resume: true,
      onProgress: (position) => {
        resumedFrom.push(position);
      },
    });
    // The first batch of the resumed run starts after the position the stopped one reached.
    expect(resumedFrom[0]).toBe(stoppedAt + 5);
    expect(pendingRebuild(h.db)).toEqual([]);
    expect(dumpTables(h.db)).toEqual(before);
  });

  it('killed after the swap, before the indexes got their names back, a restart completes it', async () => {
    const h = await live();
    const before = dumpTables(h.db);
    const schema = schemaOf(h.db);
    const copy = new ProjectionRunner({
      store: h.store,
      db: shadowView(h.db, ALL_PROJECTIONS),
      projections: ALL_PROJECTIONS,
    });
    await copy.catchUp();
    await h.runner.swapIn(async () => {
      const positions = new Map(copy.checkpoints().map(({ name, position }) => [name, position]));
      swapShadowIn(h.db, ALL_PROJECTIONS, positions);
      return positions;
    });
    await h.runner.stop();
    expect(shadowLeft(h.db)).not.toEqual([]);

    // The next start: the runner's setup makes the indexes again, then the leftovers are dropped.
    const restarted = newHarness({ store: h.store, db: h.db });
    await restarted.runner.start();
    await renameSwappedIndexes(h.db);
    await restarted.runner.stop();
    expect(shadowLeft(h.db)).toEqual([]);
    expect(schemaOf(h.db)).toEqual(schema);
    expect(dumpTables(h.db)).toEqual(before);
  });

  it('starts over when not told to resume', async () => {
    const h = await live();
    const stop = new AbortController();
    const first: number[] = [];
    await rebuildAside({
      ...{ store: h.store, db: h.db, runner: h.runner, projections: ALL_PROJECTIONS, batchSize: 5 },
      signal: stop.signal,
      onProgress: (position) => {
        first.push(position);
        stop.abort();
      },
    });
    const positions: number[] = [];
    await rebuildAside({
      ...{ store: h.store, db: h.db, runner: h.runner, projections: ALL_PROJECTIONS, batchSize: 5 },
      onProgress: (position) => {
        positions.push(position);
      },
    });
    expect(positions[0]).toBe(first[0]);
  });
});

describe('shadow names', () => {
  it('finds the tables and named indexes each projection owns', () => {
    expect(ownedNames(ALL_PROJECTIONS.find((p) => p.name === 'devices')!)).toEqual({
      tables: ['devices', 'devices_state'],
      indexes: [
        'devices_config',
        'devices_ip',
        'devices_mac',
        'devices_plugin',
        'devices_sn',
        'devices_tenant_uuid',
        'devices_uuid',
      ],
    });
    const all = ALL_PROJECTIONS.flatMap((projection) => ownedNames(projection).tables);
    expect(new Set(all).size).toBe(all.length);
  });

  it('renames identifiers only: never inside string literals or comments', () => {
    const rename = (name: string) => (name === 'devices' ? `${SHADOW_PREFIX}devices` : undefined);
    expect(
      renameIdentifiers(
        `SELECT doc FROM devices WHERE id = 'devices' AND x = 'it''s devices' -- devices\n AND "devices".a = 1 /* devices */`,
        rename,
      ),
    ).toBe(
      `SELECT doc FROM rebuild__devices WHERE id = 'devices' AND x = 'it''s devices' -- devices\n AND "rebuild__devices".a = 1 /* devices */`,
    );
    expect(renameIdentifiers('SELECT * FROM rq_devices JOIN devices_state', rename)).toBe(
      'SELECT * FROM rq_devices JOIN devices_state',
    );
  });

  it('no projection names a column like a table or index (which the renaming would change)', async () => {
    const owned = new Set(
      ALL_PROJECTIONS.flatMap((p) => [...ownedNames(p).tables, ...ownedNames(p).indexes]),
    );
    const h = newHarness();
    open.push(h);
    await h.runner.catchUp();
    const clashes: string[] = [];
    for (const projection of ALL_PROJECTIONS) {
      for (const table of ownedNames(projection).tables) {
        const columns = h.db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as {
          name: string;
        }[];
        for (const { name } of columns) if (owned.has(name)) clashes.push(`${table}.${name}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});
