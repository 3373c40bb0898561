import { describe, expect, it } from 'vitest';
import { CorruptEventError } from '../../../src/adapters/eventstore/common/errors.js';
import type { EventStore } from '../../../src/eventstore/port.js';
import { ProjectionError } from '../../../src/projections/runner/projection-error.js';
import { ProjectionRunner } from '../../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';
import { appendRaw } from '../support/append-events.js';
import { appendDiscoveries } from '../support/device-events.js';
import { newStore } from '../support/harness.js';
import { recordingProjection } from '../support/recording-projection.js';

const checkpointOf = (db: ReturnType<typeof openReadModelDb>, name: string): number =>
  (db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').get(name) as { position: number })
    .position;

describe('a projection that throws', () => {
  it('rolls the whole batch back and keeps the checkpoint before it', async () => {
    const store = newStore();
    await appendDiscoveries(store, 10);
    const db = openReadModelDb(':memory:');
    const healthy = recordingProjection('healthy');
    const broken = recordingProjection('broken');
    broken.failAt = 6;
    const runner = new ProjectionRunner({ store, db, projections: [healthy, broken], batchSize: 4 });

    const error = await runner.catchUp().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProjectionError);
    expect((error as ProjectionError).message).toBe(
      'projection broken failed on event at position 6 (stream device-d6, type DeviceDiscovered): boom at 6',
    );
    expect(error).toMatchObject({
      position: 6,
      stream: 'device-d6',
      eventType: 'DeviceDiscovered',
      projection: 'broken',
    });
    // The second batch (4..7) was applied to "healthy" and partly to "broken", then rolled back.
    expect(healthy.calls).toContain(5);
    expect(healthy.stored(db)).toEqual([0, 1, 2, 3]);
    expect(broken.stored(db)).toEqual([0, 1, 2, 3]);
    expect(checkpointOf(db, 'healthy')).toBe(3);
    expect(checkpointOf(db, 'broken')).toBe(3);
    expect(runner.health()).toMatchObject({ state: 'failed', position: 3, error });
  });

  it('resumes at the failed event once the cause is fixed', async () => {
    const store = newStore();
    await appendDiscoveries(store, 6);
    const db = openReadModelDb(':memory:');
    const p = recordingProjection('p');
    p.failAt = 4;
    const runner = new ProjectionRunner({ store, db, projections: [p], batchSize: 2 });
    await expect(runner.start()).rejects.toThrow(ProjectionError);
    expect(runner.health().state).toBe('failed');

    p.failAt = undefined;
    p.calls.length = 0;
    await runner.start();
    expect(p.calls).toEqual([4, 5]);
    expect(p.stored(db)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runner.health()).toEqual({ state: 'running', position: 5 });
    await runner.stop();
  });
});

describe('an event the codec cannot read', () => {
  it('stops the runner at an unknown event type, naming its position, stream and type', async () => {
    const store = newStore();
    await appendDiscoveries(store, 3);
    const bad = await appendRaw(store, 'device-zz', 'DeviceTeleported', { deviceId: 'zz' });
    await appendDiscoveries(store, 2, 'later');
    const db = openReadModelDb(':memory:');
    const p = recordingProjection('p');
    const runner = new ProjectionRunner({ store, db, projections: [p], batchSize: 2 });

    await expect(runner.start()).rejects.toThrow(ProjectionError);
    const { state, position, error } = runner.health();
    expect(state).toBe('failed');
    expect(position).toBe(1);
    expect(error?.message).toContain(`position ${bad}`);
    expect(error?.message).toContain('device-zz');
    expect(error?.message).toContain('DeviceTeleported');
    expect(error).toMatchObject({ position: bad, stream: 'device-zz', eventType: 'DeviceTeleported' });
    // The batch holding the bad event (positions 2 and 3) was rolled back: 2 is not applied.
    expect(p.stored(db)).toEqual([0, 1]);
    expect(checkpointOf(db, 'p')).toBe(1);
  });

  it('stops the runner on a known type with bad data', async () => {
    const store = newStore();
    const bad = await appendRaw(store, 'device-x', 'DeviceDiscovered', { deviceId: 42 });
    const db = openReadModelDb(':memory:');
    const runner = new ProjectionRunner({ store, db, projections: [recordingProjection('p')] });
    await expect(runner.catchUp()).rejects.toThrow(`position ${bad}`);
    expect(runner.health().state).toBe('failed');
    expect(runner.health().error?.message).toContain('invalid data');
  });

  it('stops the live tail and rejects whoever waits for a later position', async () => {
    const store = newStore();
    const db = openReadModelDb(':memory:');
    const p = recordingProjection('p');
    const runner = new ProjectionRunner({ store, db, projections: [p] });
    await runner.start();
    const good = await appendDiscoveries(store, 2);
    await runner.waitFor(good, 2_000);

    const waiting = runner.waitFor(good + 5, 2_000);
    const bad = await appendRaw(store, 'device-q', 'Nonsense', {});
    await expect(waiting).rejects.toThrow(`position ${bad}`);
    expect(runner.health()).toMatchObject({ state: 'failed', position: good });
    await expect(runner.waitFor(bad)).rejects.toBeInstanceOf(ProjectionError);
    // Events after the bad one are not applied either.
    await appendDiscoveries(store, 1, 'after');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(p.stored(db)).toEqual([0, 1]);
    await runner.stop();
    expect(runner.health().state).toBe('failed');
  });
});

describe('a failing event store', () => {
  /** The real store, with a hook to make its live subscription report an error. */
  const flakyStore = () => {
    const store = newStore();
    const reporters: ((error: unknown) => void)[] = [];
    const flaky: EventStore = {
      append: (...args) => store.append(...args),
      readStream: (...args) => store.readStream(...args),
      readAll: (...args) => store.readAll(...args),
      headPosition: () => store.headPosition(),
      close: () => store.close(),
      subscribe: (options, handlers) => {
        if (handlers.onError) reporters.push(handlers.onError);
        return store.subscribe(options, handlers);
      },
    };
    return { store, flaky, reportOnLatest: (error: unknown) => reporters.at(-1)?.(error), reporters };
  };

  it('follows the log again when the live subscription is lost, and catches up what it missed', async () => {
    const { store, flaky, reportOnLatest, reporters } = flakyStore();
    const projection = recordingProjection('p');
    const runner = new ProjectionRunner({
      store: flaky,
      db: openReadModelDb(':memory:'),
      projections: [projection],
    });
    await runner.start();
    reportOnLatest(new Error('connection lost'));
    expect(runner.health().state).toBe('running');
    expect(runner.health().storeTrouble).toEqual({ attempts: 1, message: 'connection lost' });
    const position = await appendDiscoveries(store, 1);
    await runner.waitFor(position, 5_000);
    expect(reporters.length).toBe(2);
    expect(runner.health().storeTrouble).toBeUndefined();
    await runner.stop();
  });

  it('stops on a corrupt event reported by the subscription', async () => {
    const { flaky, reportOnLatest } = flakyStore();
    const runner = new ProjectionRunner({
      store: flaky,
      db: openReadModelDb(':memory:'),
      projections: [recordingProjection('p')],
    });
    await runner.start();
    const waiting = runner.waitFor(3, 2_000);
    reportOnLatest(new CorruptEventError(7, 'data is not valid JSON'));
    await expect(waiting).rejects.toThrow(/position 7/);
    expect(runner.health().state).toBe('failed');
    await runner.stop();
  });
});
