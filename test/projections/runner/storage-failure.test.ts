import { afterEach, describe, expect, it } from 'vitest';
import { ReadModelWriteError } from '../../../src/projections/runner/storage-failure.js';
import { waitFor } from '../../support/wait-for.js';
import { appendEvents } from '../support/append-events.js';
import { appendDiscoveries, discovered } from '../support/device-events.js';
import { type Harness, newHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => {
  await h.runner.stop();
  h.db.close();
});

/** The read-model file may not grow past its present size: SQLite's own "disk full". */
const fillDisk = (): number => {
  const pages = h.db.pragma('page_count', { simple: true }) as number;
  h.db.pragma(`max_page_count = ${pages}`);
  return pages;
};

describe('a read-model database that cannot be written', () => {
  it('holds the events back, says why at once, and applies them all once it can write again', async () => {
    h = newHarness();
    await h.runner.start();
    await h.runner.waitFor(await appendDiscoveries(h.store, 5));
    const before = h.runner.position();
    const pages = fillDisk();

    // Enough rows to need a new page.
    let last = -1;
    for (let i = 0; i < 60; i++)
      last = await appendEvents(h.store, `device-full${i}`, [discovered(`full${i}`)]);

    await waitFor(() => h.runner.health().storeTrouble !== undefined, 'the write failure');
    expect(h.runner.health()).toMatchObject({
      state: 'running',
      storeTrouble: {
        message: expect.stringMatching(/^the read models cannot be written: .*\(SQLITE_FULL\)$/),
      },
    });
    const started = Date.now();
    await expect(h.runner.waitFor(last, 5_000)).rejects.toBeInstanceOf(ReadModelWriteError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(h.runner.position()).toBeLessThan(last);
    expect(h.runner.position()).toBeGreaterThanOrEqual(before);

    h.db.pragma(`max_page_count = ${pages * 100}`);
    await waitFor(() => h.runner.position() === last, 'the runner to apply the held-back events', {
      timeoutMs: 10_000,
    });
    expect(h.runner.health().storeTrouble).toBeUndefined();
    for (let i = 0; i < 60; i++) expect(h.models.devices.get(`full${i}`)).toBeDefined();
    await h.runner.waitFor(last);
  });
});
