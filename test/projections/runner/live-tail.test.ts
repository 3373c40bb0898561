import { afterEach, describe, expect, it } from 'vitest';
import { RunnerStoppedError, WaitForTimeoutError } from '../../../src/projections/runner/projection-error.js';
import type { ProjectionRunner } from '../../../src/projections/runner/projection-runner.js';
import { appendDiscoveries } from '../support/device-events.js';
import { newHarness } from '../support/harness.js';
import { recordingProjection } from '../support/recording-projection.js';

const runners: ProjectionRunner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
});

const started = async (batchSize?: number) => {
  const p = recordingProjection('p');
  const h = newHarness({ projections: [p], ...(batchSize ? { batchSize } : {}) });
  runners.push(h.runner);
  return { ...h, p };
};

describe('live tail', () => {
  it('catches up at start, then applies new appends', async () => {
    const p = recordingProjection('p');
    const h = newHarness({ projections: [p], batchSize: 2 });
    runners.push(h.runner);
    await appendDiscoveries(h.store, 3);
    await h.runner.start();
    expect(h.runner.health()).toEqual({ state: 'running', position: 2 });

    const position = await appendDiscoveries(h.store, 2, 'live');
    await h.runner.waitFor(position, 2_000);
    expect(p.stored(h.db)).toEqual([0, 1, 2, 3, 4]);
    expect(p.calls).toEqual([0, 1, 2, 3, 4]);
    expect(h.runner.position()).toBe(position);
  });

  it('makes appended devices visible in the devices read model (read-your-writes)', async () => {
    const h = newHarness();
    runners.push(h.runner);
    await h.runner.start();
    const position = await appendDiscoveries(h.store, 1, 'rw');
    await h.runner.waitFor(position, 2_000);
    expect(h.models.devices.get('rw0')).toMatchObject({ id: 'rw0', ip: '10.0.0.0', added: 'auto' });
  });

  it('stops following the log on stop() and picks up where it was on the next start()', async () => {
    const { runner, store, p, db } = await started();
    await runner.start();
    await runner.stop();
    expect(runner.health().state).toBe('stopped');
    const position = await appendDiscoveries(store, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(p.calls).toEqual([]);
    await runner.start();
    await runner.waitFor(position, 2_000);
    expect(p.stored(db)).toEqual([0, 1]);
  });

  it('start() twice does not subscribe twice', async () => {
    const { runner, store, p } = await started();
    await runner.start();
    await runner.start();
    const position = await appendDiscoveries(store, 3);
    await runner.waitFor(position, 2_000);
    expect(p.calls).toEqual([0, 1, 2]);
  });
});

describe('waitFor', () => {
  it('resolves at once for a position already applied', async () => {
    const { runner, store } = await started();
    const position = await appendDiscoveries(store, 2);
    await runner.catchUp();
    await expect(runner.waitFor(position)).resolves.toBeUndefined();
    await expect(runner.waitFor(-1)).resolves.toBeUndefined();
  });

  it('waits for a position applied later', async () => {
    const { runner, store } = await started();
    await runner.start();
    const waiting = runner.waitFor(1, 2_000);
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    await appendDiscoveries(store, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    await appendDiscoveries(store, 1, 'second');
    await waiting;
  });

  it('times out when the position is not reached', async () => {
    const { runner } = await started();
    await runner.start();
    const error = await runner.waitFor(10, 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect((error as Error).message).toBe('read model did not reach position 10 within 30 ms (at -1)');
  });

  it('rejects pending waits when the runner stops', async () => {
    const { runner } = await started();
    await runner.start();
    const waiting = runner.waitFor(10, 5_000);
    await runner.stop();
    await expect(waiting).rejects.toBeInstanceOf(RunnerStoppedError);
  });
});
