import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  KurrentDBClient,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { KurrentDbSubscription } from '../../src/adapters/eventstore/kurrentdb/kurrentdb-subscription.js';
import type { RecordedEvent } from '../../src/eventstore/envelope.js';
import { gate, waitFor } from '../support/wait-for.js';

// The subscription's own logic (ordering, filtering, closing, errors) against a fake server
// stream: no KurrentDB server is needed, so this runs in CI.

const resolvedEvent = (
  position: number,
  streamId = 'device-1',
  type = 'DeviceDiscovered',
): AllStreamResolvedEvent => ({
  event: {
    streamId,
    id: randomUUID(),
    type,
    revision: 0n,
    created: new Date(),
    isJson: true,
    data: { position },
    metadata: { schemaVersion: 1, source: 'system' },
    position: { commit: BigInt(position), prepare: BigInt(position) },
  },
  commitPosition: BigInt(position),
});

/** A client whose $all subscription is a stream the test writes to. */
const fakeClient = () => {
  const source = new PassThrough({ objectMode: true });
  let unsubscribed = false;
  const subscription = Object.assign(source, {
    unsubscribe: async () => {
      unsubscribed = true;
    },
  });
  const calls: SubscribeToAllOptions[] = [];
  const client: Pick<KurrentDBClient, 'subscribeToAll'> = {
    subscribeToAll: (options = {}) => {
      calls.push(options);
      // The fake has the Readable side and unsubscribe(): all the subscription uses.
      return subscription as unknown as AllStreamSubscription;
    },
  };
  return { client, source, calls, isUnsubscribed: () => unsubscribed };
};

const start = (after: number, onEvent: (event: RecordedEvent) => void | Promise<void>) => {
  const fake = fakeClient();
  const errors: unknown[] = [];
  let finished = false;
  const subscription = new KurrentDbSubscription(
    fake.client,
    after,
    { onEvent, onError: (error) => errors.push(error) },
    () => {
      finished = true;
    },
  );
  return { ...fake, subscription, errors, isFinished: () => finished };
};

describe('KurrentDbSubscription', () => {
  it('subscribes from the start, or from the given position, with the system-event filter', () => {
    const fromStart = start(-1, () => {});
    const fromPosition = start(4096, () => {});
    expect(fromStart.calls[0]).toMatchObject({ fromPosition: 'start', filter: { filterOn: 'eventType' } });
    expect(fromPosition.calls[0]).toMatchObject({ fromPosition: { commit: 4096n, prepare: 4096n } });
    return Promise.all([fromStart.subscription.close(), fromPosition.subscription.close()]);
  });

  it('hands events over one at a time, in order', async () => {
    const first = gate();
    const seen: number[] = [];
    const { source, subscription } = start(-1, async (event) => {
      seen.push(event.position);
      if (event.position === 10) await first.opened;
    });
    source.write(resolvedEvent(10));
    source.write(resolvedEvent(20));
    await waitFor(() => seen.length === 1, 'the first event');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([10]);
    first.open();
    await waitFor(() => seen.length === 2, 'the second event');
    expect(seen).toEqual([10, 20]);
    await subscription.close();
  });

  it('skips system events, links and anything at or before its start position', async () => {
    const seen: number[] = [];
    const { source, subscription } = start(20, (event) => {
      seen.push(event.position);
    });
    source.write(resolvedEvent(20));
    source.write(resolvedEvent(25, '$$device-1', 'SomethingElse'));
    source.write({ link: resolvedEvent(27).event, commitPosition: 27n });
    source.write(resolvedEvent(30));
    await waitFor(() => seen.length === 1, 'the event after the start');
    expect(seen).toEqual([30]);
    await subscription.close();
  });

  it('stops and reports when a handler fails', async () => {
    const seen: number[] = [];
    const { source, subscription, errors, isUnsubscribed, isFinished } = start(-1, (event) => {
      seen.push(event.position);
      throw new Error('projection broke');
    });
    source.write(resolvedEvent(10));
    source.write(resolvedEvent(20));
    await waitFor(isFinished, 'the subscription to stop');
    expect(seen).toEqual([10]);
    expect(errors).toEqual([new Error('projection broke')]);
    expect(isUnsubscribed()).toBe(true);
    await subscription.close();
  });

  it('reports a failing server stream', async () => {
    const { source, errors, isFinished } = start(-1, () => {});
    source.destroy(new Error('connection lost'));
    await waitFor(isFinished, 'the subscription to stop');
    expect(errors).toEqual([new Error('connection lost')]);
  });

  it('reports a server that ends the subscription, so the caller can resubscribe', async () => {
    const { source, errors, isFinished } = start(-1, () => {});
    source.end();
    await waitFor(isFinished, 'the subscription to stop');
    expect(String(errors[0])).toMatch(/ended/);
  });

  it('closes once the running handler is done, then delivers nothing more', async () => {
    const running = gate();
    const seen: number[] = [];
    const { source, subscription, errors, isUnsubscribed } = start(-1, async (event) => {
      seen.push(event.position);
      await running.opened;
    });
    source.write(resolvedEvent(10));
    await waitFor(() => seen.length === 1, 'the handler to start');
    let closed = false;
    const closing = subscription.close().then(() => {
      closed = true;
    });
    source.write(resolvedEvent(20));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    running.open();
    await closing;
    expect(seen).toEqual([10]);
    expect(errors).toEqual([]);
    expect(isUnsubscribed()).toBe(true);
  });

  it('can be closed from inside its own handler', async () => {
    let subscription: KurrentDbSubscription | undefined;
    const seen: number[] = [];
    const started = start(-1, async (event) => {
      seen.push(event.position);
      await subscription?.close();
    });
    subscription = started.subscription;
    started.source.write(resolvedEvent(10));
    started.source.write(resolvedEvent(20));
    await waitFor(started.isFinished, 'the subscription to stop');
    expect(seen).toEqual([10]);
    expect(started.errors).toEqual([]);
  });
});
