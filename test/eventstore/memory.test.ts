import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/eventstore/memory/memory-event-store.js';
import { collect, newEvent } from '../support/event-fixtures.js';
import { describeEventStoreContract } from './contract.js';

describeEventStoreContract('in-memory', async (clock) => {
  const store = new MemoryEventStore({ clock });
  return { store, cleanup: () => store.close() };
});

describe('MemoryEventStore', () => {
  it('fails an append clearly when the clock returns an invalid date, and writes nothing', async () => {
    const store = new MemoryEventStore({ clock: () => new Date(Number.NaN) });
    await expect(store.append('device-1', [newEvent()], 'any')).rejects.toThrow(/clock/);
    expect(await collect(store.readAll())).toEqual([]);
  });

  it('reports a failing handler as a process warning when there is no onError', async () => {
    const store = new MemoryEventStore();
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    store.subscribe(
      {},
      {
        onEvent: () => {
          throw new Error('projection failed');
        },
      },
    );
    await store.append('device-1', [newEvent()], 'any');
    const warning = await warned;
    expect(warning.name).toBe('SubscriptionError');
    expect(warning.message).toMatch(/projection failed/);
    await store.close();
  });

  it('numbers positions from 0 without gaps', async () => {
    const store = new MemoryEventStore();
    await store.append('device-1', [newEvent(), newEvent()], 'any');
    await store.append('device-2', [newEvent()], 'any');
    expect((await collect(store.readAll())).map((event) => event.position)).toEqual([0, 1, 2]);
  });
});
