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
import { DuplicateEventIdError, EventStoreClosedError } from '../common/errors.js';
import { checkExpectedRevision } from '../common/expected-revision.js';
import {
  assertExpectedRevision,
  assertStreamName,
  serializeNewEvents,
  toStreamRange,
} from '../common/input-validation.js';
import { pagedReadAll } from '../common/paged-read-all.js';
import { type StoredEvent, toRecordedEvent } from '../common/stored-event.js';
import { SubscriptionHub } from '../common/subscription-hub.js';

export interface MemoryEventStoreOptions {
  /** Source of recorded times (default: the system clock). */
  readonly clock?: () => Date;
}

/**
 * An event store held in memory, for unit tests. It keeps events as JSON text exactly like the
 * SQLite store, so callers get fresh copies on every read (they cannot mutate what is stored) and
 * data that would not survive JSON fails here as it would in production.
 */
export class MemoryEventStore implements EventStore {
  readonly #clock: () => Date;
  /** Every event; an event's position is its index. */
  readonly #log: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredEvent[]>();
  readonly #ids = new Set<string>();
  readonly #subscriptions = new SubscriptionHub((after, limit) => this.#slice(after, limit));
  #closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
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
    const existing: readonly StoredEvent[] = this.#streams.get(stream) ?? [];
    const last = existing.at(-1);
    checkExpectedRevision(stream, expected, last?.revision ?? -1);
    const duplicate = serialized.find(({ id }) => this.#ids.has(id));
    if (duplicate) throw new DuplicateEventIdError(duplicate.id);
    if (serialized.length === 0) return { revision: last?.revision ?? -1, position: last?.position ?? -1 };

    const recordedAt = this.#recordedAt();
    const stored = serialized.map(
      (event, index): StoredEvent => ({
        ...event,
        stream,
        revision: existing.length + index,
        position: this.#log.length + index,
        recordedAt,
      }),
    );
    // Everything is checked above, so these pushes cannot fail halfway: the append is atomic.
    this.#log.push(...stored);
    this.#streams.set(stream, existing.concat(stored));
    for (const { id } of stored) this.#ids.add(id);
    this.#subscriptions.notify();
    const appended = stored.at(-1)!;
    return { revision: appended.revision, position: appended.position };
  }

  async *readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    this.#assertOpen();
    assertStreamName(stream);
    const { fromRevision, toRevision, untilMs } = toStreamRange(options);
    const events = this.#streams.get(stream) ?? [];
    for (let revision = fromRevision; revision <= toRevision && revision < events.length; revision++) {
      const event = events[revision]!;
      // Stop at the first later event rather than skip it, so a stream never reads with a hole.
      if (untilMs !== undefined && event.recordedAt > untilMs) return;
      yield toRecordedEvent(event);
    }
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return pagedReadAll(
      options,
      1000,
      (after, limit) => this.#slice(after, limit),
      () => this.#assertOpen(),
    );
  }

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    this.#assertOpen();
    return this.#subscriptions.subscribe(options, handlers);
  }

  async headPosition(): Promise<number> {
    this.#assertOpen();
    return this.#log.length - 1;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#subscriptions.closeAll();
  }

  #slice(after: number, limit: number): RecordedEvent[] {
    this.#assertOpen();
    const start = Math.max(after + 1, 0);
    return this.#log.slice(start, start + limit).map(toRecordedEvent);
  }

  #recordedAt(): number {
    const time = this.#clock().getTime();
    if (!Number.isFinite(time)) throw new Error('the event store clock returned an invalid date');
    return time;
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreClosedError();
  }
}
