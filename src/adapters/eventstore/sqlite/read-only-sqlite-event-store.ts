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
import { SCHEMA_VERSION } from './schema.js';
import { SqliteLogReader } from './sqlite-log-reader.js';
import { prepareStatements } from './statements.js';

/** An append was attempted on a log opened for reading only. */
export class ReadOnlyEventStoreError extends Error {
  override readonly name = 'ReadOnlyEventStoreError';
  constructor(path: string) {
    super(`${path} is open for reading only`);
  }
}

/**
 * An existing SQLite event log opened read-only: what an auditor's command uses so it can never
 * change the log, create a missing one, or migrate it under a server that may be running. SQLite
 * readers do not block the server's writes (WAL), and appends the server makes meanwhile are
 * seen by subscriptions through the same head polling as the writable store.
 */
export class ReadOnlySqliteEventStore implements EventStore {
  readonly #db: Database.Database;
  readonly #reader: SqliteLogReader;

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
      this.#reader = new SqliteLogReader(prepareStatements(this.#db), options.pollIntervalMs);
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  async append(
    _stream: string,
    _events: readonly NewEvent[],
    _expected: ExpectedRevision,
  ): Promise<AppendResult> {
    throw new ReadOnlyEventStoreError(this.path);
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.#reader.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.#reader.readAll(options);
  }

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    return this.#reader.subscribe(options, handlers);
  }

  async headPosition(): Promise<number> {
    return this.#reader.headPosition();
  }

  async close(): Promise<void> {
    if (this.#reader.closed) return;
    await this.#reader.close();
    this.#db.close();
  }
}
