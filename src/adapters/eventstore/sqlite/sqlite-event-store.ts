import type { Database } from 'better-sqlite3';
import SqliteDatabase from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '../../../eventstore/envelope.js';
import { WrongExpectedRevisionError } from '../../../eventstore/errors.js';
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
import { DuplicateEventIdError, InvalidEventStoreInputError } from '../common/errors.js';
import { checkExpectedRevision } from '../common/expected-revision.js';
import {
  assertExpectedRevision,
  assertStreamName,
  type SerializedEvent,
  serializeNewEvents,
} from '../common/input-validation.js';
import { type Durability, openDatabase } from './open-database.js';
import { SqliteLogReader } from './sqlite-log-reader.js';
import { prepareStatements, type Statements } from './statements.js';

export interface SqliteEventStoreOptions {
  /** Database file, created if missing; ':memory:' for a private in-memory database. */
  readonly path: string;
  /** Source of recorded times (default: the system clock). */
  readonly clock?: () => Date;
  /** 'full' (default): every append is on disk when it returns. 'normal': faster, see open-database.ts. */
  readonly durability?: Durability;
  /** How often subscriptions look for appends made by other processes (default 200 ms). */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
}

interface PendingAppend {
  readonly stream: string;
  readonly events: SerializedEvent[];
  readonly expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The event store on one SQLite file. Several processes may open the same file: appends are
 * serialised by SQLite's write lock, and each append re-checks the expected revision under
 * that lock, so the check and the write cannot be separated by another writer.
 */
export class SqliteEventStore implements EventStore {
  readonly #db: Database;
  readonly #statements: Statements;
  readonly #clock: () => Date;
  readonly #commitBatch: (items: PendingAppend[], outcomes: AppendOutcome[]) => void;
  #pending: PendingAppend[] = [];
  readonly #reader: SqliteLogReader;

  constructor(options: SqliteEventStoreOptions) {
    if (typeof options?.path !== 'string' || options.path.length === 0) {
      throw new InvalidEventStoreInputError('SqliteEventStore needs a path (a file name or ":memory:")');
    }
    this.#clock = options.clock ?? (() => new Date());
    this.#db = openDatabase({
      path: options.path,
      durability: options.durability ?? 'full',
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    });
    this.#statements = prepareStatements(this.#db);
    // IMMEDIATE takes the write lock before the revision check; a deferred transaction would
    // read first and could then fail to upgrade its lock when another process wrote meanwhile.
    const one = this.#db.transaction(this.#appendUnderLock.bind(this));
    const batch = this.#db.transaction((items: PendingAppend[], outcomes: AppendOutcome[]) => {
      for (const item of items) {
        try {
          outcomes.push({ ok: true, result: one(item.stream, item.events, item.expected) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
    this.#commitBatch = (items, outcomes) => batch.immediate(items, outcomes);
    this.#reader = new SqliteLogReader(this.#statements, options.pollIntervalMs);
  }

  /**
   * An empty batch writes nothing but is still checked against `expected`; it returns the
   * stream's current revision and the position of its last event (-1, -1 for no stream).
   */
  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.#assertOpen();
    assertStreamName(stream);
    assertExpectedRevision(expected);
    const serialized = serializeNewEvents(events);
    return new Promise((resolve, reject) => {
      this.#pending.push({ stream, events: serialized, expected, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#commitPending());
    });
  }

  /**
   * Group commit: the appends that arrived since the last commit go in one transaction, one
   * fsync for all of them. Each runs in its own savepoint (better-sqlite3 nests transactions that
   * way), so a refused append rolls back alone and the others still commit; every caller is
   * answered only after the commit, so an acknowledged append is durable.
   */
  #commitPending(): void {
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    const outcomes: AppendOutcome[] = [];
    try {
      this.#commitBatch(batch, outcomes);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch was written.
      for (const item of batch) item.reject(error);
      return;
    }
    let last = -1;
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) {
        if (item.events.length > 0) last = Math.max(last, outcome.result.position);
        item.resolve(outcome.result);
      } else {
        item.reject(this.#explainConstraintViolation(outcome.error, item.stream, item.events, item.expected));
      }
    });
    if (last >= 0) this.#reader.appended(last);
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
    // Appends accepted before close() are committed, not dropped.
    this.#commitPending();
    await this.#reader.close();
    this.#db.close();
  }

  /** Runs inside the IMMEDIATE transaction: anything thrown rolls the whole append back. */
  #appendUnderLock(stream: string, events: SerializedEvent[], expected: ExpectedRevision): AppendResult {
    const tail = this.#statements.streamTail.get(stream);
    const current = tail?.revision ?? -1;
    checkExpectedRevision(stream, expected, current);
    // A reused event id is caught by the UNIQUE index on insert (see #explainConstraintViolation):
    // looking each id up first would cost one more index probe per event on every append.
    if (events.length === 0) return { revision: current, position: tail?.position ?? -1 };

    const recordedAt = this.#recordedAt();
    let position = -1;
    events.forEach((event, index) => {
      const { lastInsertRowid } = this.#statements.insert.run(
        event.id,
        stream,
        current + 1 + index,
        event.type,
        event.schemaVersion,
        event.data,
        event.metadata,
        recordedAt,
      );
      position = Number(lastInsertRowid);
    });
    return { revision: current + events.length, position };
  }

  /**
   * The revision and id checks run under the write lock, so a UNIQUE violation means a writer
   * that bypassed it (another tool on the file). Report it as the conflict it is rather than as
   * a database error.
   */
  #explainConstraintViolation(
    error: unknown,
    stream: string,
    events: readonly SerializedEvent[],
    expected: ExpectedRevision,
  ): unknown {
    if (!(error instanceof SqliteDatabase.SqliteError) || error.code !== 'SQLITE_CONSTRAINT_UNIQUE')
      return error;
    if (error.message.includes('events.id')) {
      const duplicate = events.find(({ id }) => this.#statements.idExists.get(id) !== undefined);
      return duplicate ? new DuplicateEventIdError(duplicate.id) : error;
    }
    const actual = this.#statements.streamTail.get(stream)?.revision ?? -1;
    return new WrongExpectedRevisionError(stream, expected, actual);
  }

  #recordedAt(): number {
    const time = this.#clock().getTime();
    if (!Number.isFinite(time)) throw new Error('the event store clock returned an invalid date');
    return time;
  }

  #assertOpen(): void {
    this.#reader.assertOpen();
  }
}
