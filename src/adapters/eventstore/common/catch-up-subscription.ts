import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedEvent } from '../../../eventstore/envelope.js';
import type { Subscription, SubscriptionHandlers } from '../../../eventstore/port.js';

/** Reads up to `limit` events whose position is greater than `after`, in position order. */
export type ReadBatch = (
  after: number,
  limit: number,
) => readonly RecordedEvent[] | Promise<readonly RecordedEvent[]>;

const BATCH_SIZE = 500;

// Lets close() recognise a call made from inside this subscription's own handler, which must not
// wait for the handler to finish: the handler would be waiting for itself.
const runningHandler = new AsyncLocalStorage<CatchUpSubscription>();

/**
 * A subscription that follows the store by position: it reads everything after its cursor, hands
 * events to the handler one at a time, then sleeps until told that the store changed. Following
 * a cursor rather than pushing appended events means catch-up and live delivery are the same
 * code path, so an append racing with catch-up can be neither missed nor delivered twice.
 */
export class CatchUpSubscription implements Subscription {
  #closed = false;
  // Starts true: the first pass must read whatever is already stored.
  #maybeChanged = true;
  #wake: (() => void) | undefined;
  readonly #finished: Promise<void>;

  constructor(
    private readonly readBatch: ReadBatch,
    after: number,
    private readonly handlers: SubscriptionHandlers,
    private readonly onFinished: (subscription: CatchUpSubscription) => void,
  ) {
    this.#finished = this.#run(after);
  }

  /** New events may have been stored: read again if idle. */
  notify(): void {
    this.#maybeChanged = true;
    this.#wake?.();
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    if (runningHandler.getStore() === this) return Promise.resolve();
    return this.#finished;
  }

  async #run(after: number): Promise<void> {
    let cursor = after;
    try {
      while (!this.#closed) {
        this.#maybeChanged = false;
        const batch = await this.readBatch(cursor, BATCH_SIZE);
        for (const event of batch) {
          if (this.#closed) return;
          await runningHandler.run(this, () => this.handlers.onEvent(event));
          cursor = event.position;
        }
        if (batch.length < BATCH_SIZE) await this.#caughtUp();
      }
    } catch (error) {
      this.#closed = true;
      this.#report(error);
    } finally {
      this.onFinished(this);
    }
  }

  /** Resolves at once if something may have changed since the last read, else at the next notify. */
  #caughtUp(): Promise<void> {
    if (this.#maybeChanged || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = undefined;
        resolve();
      };
    });
  }

  #report(error: unknown): void {
    const { onError } = this.handlers;
    if (!onError) {
      // Nobody listens: make the failure visible without crashing the process.
      process.emitWarning(`event store subscription stopped: ${String(error)}`, 'SubscriptionError');
      return;
    }
    try {
      onError(error);
    } catch (secondary) {
      process.emitWarning(`subscription onError handler threw: ${String(secondary)}`, 'SubscriptionError');
    }
  }
}
