import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/eventstore/envelope.js';
import type { EventStore, Subscription, SubscriptionHandlers } from '../../src/eventstore/port.js';
import { collect, ids, newEvent, newEvents, positions } from '../support/event-fixtures.js';
import { gate, sleep, waitFor } from '../support/wait-for.js';
import type { GetContext } from './contract-context.js';

/** Long enough for a live event to arrive if the subscription were (wrongly) still running. */
const QUIET_PERIOD_MS = 400;

interface Recorder {
  readonly received: RecordedEvent[];
  readonly errors: unknown[];
  readonly subscription: Subscription;
}

export const describeSubscribeContract = (context: GetContext): void => {
  /** Subscribes from the test's start, recording the test's own events and every error. */
  const record = (onEvent: SubscriptionHandlers['onEvent'] = () => {}): Recorder => {
    const { store, startHead, isMine } = context();
    const received: RecordedEvent[] = [];
    const errors: unknown[] = [];
    const subscription = store.subscribe(
      { after: startHead },
      {
        onEvent: async (event) => {
          if (!isMine(event)) return;
          await onEvent(event);
          received.push(event);
        },
        onError: (error) => errors.push(error),
      },
    );
    return { received, errors, subscription };
  };

  const readMine = async (store: EventStore) => {
    const { startHead, isMine } = context();
    return (await collect(store.readAll({ after: startHead }))).filter(isMine);
  };

  describe('subscribe', () => {
    it('delivers stored events, then live ones, in order', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(3), 'no_stream');
      const { received, errors, subscription } = record();
      await waitFor(() => received.length === 3, 'catch-up');
      await store.append(stream('config'), newEvents(2), 'no_stream');
      await store.append(stream('device'), [newEvent()], 2);
      await waitFor(() => received.length === 6, 'live events');
      await subscription.close();
      expect(ids(received)).toEqual(ids(await readMine(store)));
      expect(errors).toEqual([]);
    });

    it('misses nothing and repeats nothing when appends race with catch-up', async () => {
      const { store, stream } = context();
      for (let i = 0; i < 20; i++) await store.append(stream(`s${i % 3}`), newEvents(2), 'any');
      const held = gate();
      // The first event holds the handler while more appends land, mid catch-up.
      const { received, errors, subscription } = record(async () => {
        if (received.length === 0) await held.opened;
        await sleep(0);
      });
      const racingAppends = (async () => {
        for (let i = 0; i < 30; i++) {
          await store.append(stream(`s${i % 4}`), [newEvent()], 'any');
          if (i === 5) held.open();
          if (i % 3 === 0) await sleep(1);
        }
      })();
      await racingAppends;
      await waitFor(() => received.length === 70, 'all 70 events');
      await sleep(50);
      await subscription.close();
      const stored = await readMine(store);
      expect(stored).toHaveLength(70);
      expect(positions(received)).toEqual(positions(stored));
      expect(errors).toEqual([]);
    });

    it('starts strictly after the given position', async () => {
      const { store, stream, isMine } = context();
      await store.append(stream('device'), newEvents(2), 'no_stream');
      const { position } = await store.append(stream('device'), newEvents(2), 1);
      const later = newEvents(2);
      await store.append(stream('device'), later, 3);
      const received: RecordedEvent[] = [];
      const subscription = store.subscribe(
        { after: position },
        {
          onEvent: (event) => {
            if (isMine(event)) received.push(event);
          },
        },
      );
      await waitFor(() => received.length === 2, 'events after the position');
      await subscription.close();
      expect(ids(received)).toEqual(ids(later));
    });

    it('stops delivering once closed', async () => {
      const { store, stream } = context();
      const { received, subscription } = record();
      await store.append(stream('device'), [newEvent()], 'no_stream');
      await waitFor(() => received.length === 1, 'first event');
      await subscription.close();
      await store.append(stream('device'), newEvents(3), 0);
      await sleep(QUIET_PERIOD_MS);
      expect(received).toHaveLength(1);
    });

    it('closes only after the handler in flight has finished', async () => {
      const { store, stream } = context();
      const held = gate();
      const trace: string[] = [];
      const { subscription } = record(async () => {
        trace.push('handler started');
        await held.opened;
        trace.push('handler finished');
      });
      await store.append(stream('device'), newEvents(2), 'no_stream');
      await waitFor(() => trace.length === 1, 'handler to start');
      const closed = subscription.close().then(() => trace.push('closed'));
      await sleep(50);
      expect(trace).toEqual(['handler started']);
      held.open();
      await closed;
      // The second event was stored but must not start once close() was asked for.
      expect(trace).toEqual(['handler started', 'handler finished', 'closed']);
    });

    it('can be closed from inside its own handler without waiting for itself', async () => {
      const { store, stream } = context();
      await store.append(stream('device'), newEvents(3), 'no_stream');
      const self: { subscription?: Subscription } = {};
      const { received, subscription } = record(async () => {
        await self.subscription!.close();
      });
      self.subscription = subscription;
      await waitFor(() => received.length === 1, 'the event that closes');
      await subscription.close();
      await sleep(50);
      expect(received).toHaveLength(1);
    });

    it.each([
      ['throws', true],
      ['rejects', false],
    ])('stops and reports through onError when the handler %s', async (_, throwIt) => {
      const { store, stream } = context();
      const failure = new Error('projection failed');
      let calls = 0;
      const { received, errors, subscription } = record((event) => {
        calls++;
        if (event.revision !== 1) return;
        if (throwIt) throw failure;
        return Promise.reject(failure);
      });
      await store.append(stream('device'), newEvents(3), 'no_stream');
      await waitFor(() => errors.length === 1, 'the error report');
      await store.append(stream('device'), newEvents(2), 2);
      await sleep(QUIET_PERIOD_MS);
      expect(errors).toEqual([failure]);
      expect(calls).toBe(2);
      expect(received).toHaveLength(1);
      await subscription.close();
    });

    it('refuses a bad position or a missing handler at once', () => {
      const { store } = context();
      expect(() => store.subscribe({ after: 1.5 }, { onEvent: () => {} })).toThrow(/after/);
      expect(() => store.subscribe({}, {} as SubscriptionHandlers)).toThrow(/onEvent/);
    });

    it('is stopped by closing the store', async () => {
      const { store, stream } = context();
      const { received, errors } = record();
      await store.append(stream('device'), [newEvent()], 'no_stream');
      await waitFor(() => received.length === 1, 'first event');
      await store.close();
      await sleep(QUIET_PERIOD_MS);
      expect(received).toHaveLength(1);
      expect(errors).toEqual([]);
    });
  });
};
