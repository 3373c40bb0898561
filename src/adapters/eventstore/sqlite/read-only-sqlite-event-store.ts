import Database from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '../../../eventstore/envelope.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
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
import { SCHEMA_VERSION } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';

/** An append was attempted on a log opened for reading only. */
export class ReadOnlyEventStoreError extends Error {
  override readonly name = 'ReadOnlyEventStoreError';
  constructor(path: string) {
    super(`${path} is open for reading only`);
  }
}

const PAGE_SIZE = 1000;

/**
 * An existing SQLite event log opened read-only: what an auditor's command uses so it can never
 * change the log, create a missing one, or migrate it under a server that may be running. SQLite
 * readers do not block the server's writes (WAL), and appends the server makes meanwhile are
 * seen by subscriptions through the same head polling as the writable store.
 */
export class ReadOnlySqliteEventStore implements EventStore {
  readonly #db: Database.Database;
  readonly #statements: Statements;
  readonly #poller: HeadPoller;
  readonly #subscriptions: SubscriptionHub;
  #closed = false;

  constructor(
    private readonly path: string,
    options: { readonly pollIntervalMs?: number } = {},
  ) {
    this.#db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const version = this.#db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        throw new Error(
          version === 0
            ? `${path} is not a provd event log`
            : `${path} has event store schema version ${version}; this provd reads version ${SCHEMA_VERSION}`,
        );
      }
      this.#statements = prepareStatements(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#poller = new HeadPoller(
      () => this.#statements.head.get()!,
      options.pollIntervalMs ?? 200,
      () => this.#subscriptions.notify(),
    );
    this.#subscriptions = new SubscriptionHub(
      (after, limit) => this.#page(after, limit),
      (active) => (active ? this.#poller.start() : this.#poller.stop()),
    );
  }

  async append(
    _stream: string,
    _events: readonly NewEvent[],
    _expected: ExpectedRevision,
  ): Promise<AppendResult> {
    throw new ReadOnlyEventStoreError(this.path);
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return readStreamPages(this.#statements, stream, options, PAGE_SIZE, () => this.#assertOpen());
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return pagedReadAll(
      options,
      PAGE_SIZE,
      (after, limit) => this.#page(after, limit),
      () => this.#assertOpen(),
    );
  }

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    this.#assertOpen();
    return this.#subscriptions.subscribe(options, handlers);
  }

  async headPosition(): Promise<number> {
    this.#assertOpen();
    return this.#statements.head.get()!;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#poller.stop();
    await this.#subscriptions.closeAll();
    this.#db.close();
  }

  #page(after: number, limit: number): RecordedEvent[] {
    return this.#statements.allPage.all(after, limit).map(toRecordedEvent);
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreClosedError();
  }
}
