import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/eventstore/memory/memory-event-store.js';
import {
  type AppendObservation,
  MeteredEventStore,
} from '../../src/adapters/eventstore/metered/metered-event-store.js';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.js';
import { collect, newEvents } from '../support/event-fixtures.js';

describe('MeteredEventStore', () => {
  it('times appends by outcome and passes everything else through', async () => {
    const observed: AppendObservation[] = [];
    const inner = new MemoryEventStore();
    const store = new MeteredEventStore(inner, (o) => observed.push(o));

    expect(await store.append('s-1', newEvents(3), 'no_stream')).toEqual({ revision: 2, position: 2 });
    await expect(store.append('s-1', newEvents(1), 'no_stream')).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(observed.map(({ outcome, events }) => [outcome, events])).toEqual([
      ['ok', 3],
      ['conflict', 0],
    ]);
    for (const { seconds } of observed) expect(seconds).toBeGreaterThanOrEqual(0);

    await inner.close();
    await expect(store.append('s-2', newEvents(1), 'any')).rejects.toThrow();
    expect(observed.at(-1)?.outcome).toBe('error');
  });

  it('reads, subscribes and reports the head as the store it wraps', async () => {
    const inner = new MemoryEventStore();
    const store = new MeteredEventStore(inner, () => {});
    await inner.append('s-1', newEvents(2), 'no_stream');
    expect(await store.headPosition()).toBe(1);
    expect((await collect(store.readStream('s-1'))).map((e) => e.revision)).toEqual([0, 1]);
    expect((await collect(store.readAll({ after: 0 }))).map((e) => e.position)).toEqual([1]);
    const seen: number[] = [];
    const subscription = store.subscribe({}, { onEvent: (e) => void seen.push(e.position) });
    await store.append('s-2', newEvents(1), 'no_stream');
    for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
    await subscription.close();
    expect(seen).toEqual([0, 1, 2]);
    await store.close();
  });
});
