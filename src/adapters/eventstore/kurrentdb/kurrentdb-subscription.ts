import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type AllStreamSubscription,
  excludeSystemEvents,
  type KurrentDBClient,
  START,
} from '@kurrent/kurrentdb-client';
import type { Subscription, SubscriptionHandlers } from '../../../eventstore/port.js';
import { isSystemEvent, toRecordedEvent } from './event-mapping.js';
import { toReadPosition } from './positions.js';

// Lets close() recognise a call made from inside this subscription's own handler: waiting there
// for the handler to finish would mean the handler waiting for itself.
const insideHandler = new AsyncLocalStorage<KurrentDbSubscription>();

/**
 * A catch-up subscription to $all. The server does the catching up and the switch to live
 * delivery; this class turns its stream into one awaited handler call per event, so a slow
 * handler applies back-pressure instead of piling up concurrent calls.
 */
export class KurrentDbSubscription implements Subscription {
  #closed = false;
  readonly #source: AllStreamSubscription;
  readonly #finished: Promise<void>;

  constructor(
    client: Pick<KurrentDBClient, 'subscribeToAll'>,
    private readonly after: number,
    private readonly handlers: SubscriptionHandlers,
    private readonly onFinished: (subscription: KurrentDbSubscription) => void,
  ) {
    this.#source = client.subscribeToAll({
      fromPosition: after < 0 ? START : toReadPosition(after),
      // Filtering on the server keeps KurrentDB's own traffic (stats, scavenges...) off the wire.
      filter: excludeSystemEvents(),
    });
    this.#finished = this.#run();
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#stopSource();
    }
    if (insideHandler.getStore() === this) return Promise.resolve();
    return this.#finished;
  }

  async #run(): Promise<void> {
    try {
      for await (const resolved of this.#source) {
        if (this.#closed) return;
        const record = resolved.event;
        // The server filter looks at event types only; events of `$` streams can still arrive.
        if (record === undefined || isSystemEvent(record)) continue;
        const event = toRecordedEvent(record, resolved.commitPosition);
        // Subscriptions start after their position, but a duplicate must never reach a projection.
        if (event.position <= this.after) continue;
        await insideHandler.run(this, () => this.handlers.onEvent(event));
      }
      if (!this.#closed) throw new Error('KurrentDB ended the $all subscription');
    } catch (error) {
      // Once closed, the cancelled stream's errors are the expected way of stopping.
      if (!this.#closed) {
        this.#closed = true;
        this.#report(error);
      }
    } finally {
      this.#stopSource();
      this.onFinished(this);
    }
  }

  #stopSource(): void {
    // unsubscribe() cancels the gRPC call; destroy() ends the iteration even if it is waiting.
    this.#source.unsubscribe().catch(() => {});
    this.#source.destroy();
  }

  #report(error: unknown): void {
    try {
      if (this.handlers.onError) this.handlers.onError(error);
      else process.emitWarning(`KurrentDB subscription stopped: ${String(error)}`, 'SubscriptionError');
    } catch (secondary) {
      process.emitWarning(`subscription onError handler threw: ${String(secondary)}`, 'SubscriptionError');
    }
  }
}
