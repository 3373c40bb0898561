import type { SubscribeOptions, Subscription, SubscriptionHandlers } from '../../../eventstore/port.js';
import { CatchUpSubscription, type ReadBatch } from './catch-up-subscription.js';
import { InvalidEventStoreInputError } from './errors.js';
import { assertPosition } from './input-validation.js';

/**
 * The live subscriptions of one store: the store tells the hub when it may have changed and the
 * hub wakes every subscription. `onActiveChange` lets a store run a poller only while someone
 * listens.
 */
export class SubscriptionHub {
  readonly #subscriptions = new Set<CatchUpSubscription>();

  constructor(
    private readonly readBatch: ReadBatch,
    private readonly onActiveChange: (active: boolean) => void = () => {},
  ) {}

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    const { after = -1 } = options ?? {};
    assertPosition(after);
    if (typeof handlers?.onEvent !== 'function') {
      throw new InvalidEventStoreInputError('subscribe needs an onEvent handler');
    }
    const subscription = new CatchUpSubscription(this.readBatch, after, handlers, (finished) =>
      this.#remove(finished),
    );
    this.#subscriptions.add(subscription);
    if (this.#subscriptions.size === 1) this.onActiveChange(true);
    return subscription;
  }

  notify(): void {
    for (const subscription of this.#subscriptions) subscription.notify();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
  }

  #remove(subscription: CatchUpSubscription): void {
    if (this.#subscriptions.delete(subscription) && this.#subscriptions.size === 0) {
      this.onActiveChange(false);
    }
  }
}
