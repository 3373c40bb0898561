import type { RecordedEvent } from '../../../eventstore/envelope.js';
import type {
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandlers,
} from '../../../eventstore/port.js';
import { EventStoreClosedError } from '../common/errors.js';
import { pagedReadAll } from '../common/paged-read-all.js';
import { toRecordedEvent } from '../common/stored-event.js';
import { SubscriptionHub } from '../common/subscription-hub.js';
import { HeadPoller } from './head-poller.js';
import { readStreamPages } from './read-stream-pages.js';
import type { Statements } from './statements.js';

/** Rows per query when reading, so a long log is streamed rather than loaded whole. */
const PAGE_SIZE = 1000;

/**
 * The reading side of a SQLite event log, shared by the writable store and the read-only one:
 * paged stream and `$all` reads, the head, and live subscriptions that see other processes'
 * appends by polling the head while someone listens.
 */
export class SqliteLogReader {
  readonly #statements: Statements;
  readonly #poller: HeadPoller;
  readonly #subscriptions: SubscriptionHub;
  #closed = false;

  constructor(statements: Statements, pollIntervalMs = 200) {
    this.#statements = statements;
    this.#poller = new HeadPoller(
      () => statements.head.get()!,
      pollIntervalMs,
      () => this.#subscriptions.notify(),
    );
    this.#subscriptions = new SubscriptionHub(
      (after, limit) => this.#page(after, limit),
      (active) => (active ? this.#poller.start() : this.#poller.stop()),
    );
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return readStreamPages(this.#statements, stream, options, PAGE_SIZE, () => this.assertOpen());
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return pagedReadAll(
      options,
      PAGE_SIZE,
      (after, limit) => this.#page(after, limit),
      () => this.assertOpen(),
    );
  }

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    this.assertOpen();
    return this.#subscriptions.subscribe(options, handlers);
  }

  headPosition(): number {
    this.assertOpen();
    return this.#statements.head.get()!;
  }

  /** This process appended up to `position`: tell subscribers now, and do not poll for it again. */
  appended(position: number): void {
    this.#poller.seen(position);
    this.#subscriptions.notify();
  }

  assertOpen(): void {
    if (this.#closed) throw new EventStoreClosedError();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Stops polling and ends every subscription; the owner closes the database after. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#poller.stop();
    await this.#subscriptions.closeAll();
  }

  #page(after: number, limit: number): RecordedEvent[] {
    return this.#statements.allPage.all(after, limit).map(toRecordedEvent);
  }
}
