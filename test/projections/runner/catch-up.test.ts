import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';
import { appendDiscoveries } from '../support/device-events.js';
import { newStore } from '../support/harness.js';
import { recordingProjection } from '../support/recording-projection.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'provd-projections-'));
  dirs.push(dir);
  return join(dir, 'readmodel.db');
};

const checkpointRows = (db: ReturnType<typeof openReadModelDb>) =>
  db.prepare('SELECT name, version, position FROM projection_checkpoints ORDER BY name').all();

describe('catching up', () => {
  it('applies every event once, in batches, and stores the checkpoints', async () => {
    const store = newStore();
    const head = await appendDiscoveries(store, 10);
    const db = openReadModelDb(':memory:');
    const a = recordingProjection('a');
    const b = recordingProjection('b');
    const runner = new ProjectionRunner({ store, db, projections: [a, b], batchSize: 3 });

    expect(await runner.catchUp()).toBe(head);
    expect(a.stored(db)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(b.calls).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(checkpointRows(db)).toEqual([
      { name: 'a', version: 1, position: head },
      { name: 'b', version: 1, position: head },
    ]);
    expect(runner.health()).toEqual({ state: 'stopped', position: head });
    expect(await runner.catchUp()).toBe(head);
    expect(a.calls).toHaveLength(10);
  });

  it('works on an empty log', async () => {
    const db = openReadModelDb(':memory:');
    const runner = new ProjectionRunner({ store: newStore(), db, projections: [recordingProjection('a')] });
    expect(await runner.catchUp()).toBe(-1);
    expect(runner.position()).toBe(-1);
  });

  it('after a restart, resumes from the checkpoints without replaying the log', async () => {
    const store = newStore();
    const file = tempFile();
    await appendDiscoveries(store, 25, 'x');

    const first = recordingProjection('a');
    let db = openReadModelDb(file);
    await new ProjectionRunner({ store, db, projections: [first], batchSize: 10 }).catchUp();
    expect(first.calls).toHaveLength(25);
    db.close();

    const head = await appendDiscoveries(store, 5, 'y');
    const second = recordingProjection('a');
    db = openReadModelDb(file);
    const runner = new ProjectionRunner({ store, db, projections: [second], batchSize: 10 });
    await runner.catchUp();
    expect(second.calls).toEqual([25, 26, 27, 28, 29]);
    expect(second.stored(db)).toHaveLength(30);
    expect(runner.position()).toBe(head);
    db.close();
  });

  it('brings a new projection up to date without reapplying events to the others', async () => {
    const store = newStore();
    const db = openReadModelDb(':memory:');
    await appendDiscoveries(store, 6);
    const old = recordingProjection('old');
    await new ProjectionRunner({ store, db, projections: [old], batchSize: 4 }).catchUp();

    const oldAgain = recordingProjection('old');
    const added = recordingProjection('added');
    await new ProjectionRunner({ store, db, projections: [oldAgain, added], batchSize: 4 }).catchUp();
    expect(oldAgain.calls).toEqual([]);
    expect(added.calls).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rebuilds a projection whose version changed, and logs it', async () => {
    const store = newStore();
    const db = openReadModelDb(':memory:');
    await appendDiscoveries(store, 4);
    await new ProjectionRunner({ store, db, projections: [recordingProjection('p', 1)] }).catchUp();

    const logs: string[] = [];
    const logger = {
      info: (_: object, message: string) => logs.push(message),
      warn: () => {},
      error: () => {},
    };
    const bumped = recordingProjection('p', 2);
    const runner = new ProjectionRunner({ store, db, projections: [bumped], logger });
    await runner.start();
    await runner.stop();
    expect(bumped.calls).toEqual([0, 1, 2, 3]);
    expect(bumped.stored(db)).toEqual([0, 1, 2, 3]);
    expect(checkpointRows(db)).toEqual([{ name: 'p', version: 2, position: 3 }]);
    expect(logs).toEqual(['projection version changed: rebuilding it from the event log']);
  });

  it('rebuilds a read model that is ahead of the event log (built from another log)', async () => {
    const db = openReadModelDb(':memory:');
    const bigStore = newStore();
    await appendDiscoveries(bigStore, 8);
    await new ProjectionRunner({ store: bigStore, db, projections: [recordingProjection('p')] }).catchUp();

    const smallStore = newStore();
    await appendDiscoveries(smallStore, 2);
    const warnings: string[] = [];
    const p = recordingProjection('p');
    const logger = { info: () => {}, warn: (_: object, m: string) => warnings.push(m), error: () => {} };
    await new ProjectionRunner({ store: smallStore, db, projections: [p], logger }).catchUp();
    expect(p.stored(db)).toEqual([0, 1]);
    expect(warnings).toEqual(['read model is ahead of the event log: rebuilding it']);
  });

  it('refuses two projections with the same name', () => {
    const db = openReadModelDb(':memory:');
    expect(
      () =>
        new ProjectionRunner({
          store: newStore(),
          db,
          projections: [recordingProjection('a'), recordingProjection('a')],
        }),
    ).toThrow('two projections are named a');
  });
});

describe('a runner without projections', () => {
  it('still follows the log position', async () => {
    const store = newStore();
    const head = await appendDiscoveries(store, 3);
    const runner = new ProjectionRunner({
      store,
      db: openReadModelDb(':memory:'),
      projections: [],
      batchSize: 2,
    });
    expect(await runner.catchUp()).toBe(head);
    await expect(runner.waitFor(head)).resolves.toBeUndefined();
  });
});
