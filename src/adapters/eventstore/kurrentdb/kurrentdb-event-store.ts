import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  type AppendResult as KurrentAppendResult,
  KurrentDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
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
import { EventStoreClosedError, InvalidEventStoreInputError } from '../common/errors.js';
import { checkExpectedRevision } from '../common/expected-revision.js';
import {
  assertExpectedRevision,
  assertPosition,
  assertStreamName,
  serializeNewEvents,
  toAllRange,
  toStreamRange,
} from '../common/input-validation.js';
import { isSystemEvent, toEventData, toRecordedEvent } from './event-mapping.js';
import { toStreamState, toWrongExpectedRevision } from './expected-revision.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';
import { toGlobalPosition, toReadPosition, toRevisionNumber } from './positions.js';

/** The client calls this store makes; tests can hand it a stand-in with the same methods. */
export type KurrentClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

/**
 * The event store on a KurrentDB (or EventStoreDB 22.6+) server. Only the APIs every such server
 * has are used: single-stream appends, stream and $all reads, $all catch-up subscriptions.
 *
 * Global positions are KurrentDB commit positions (see positions.ts); recorded times are the
 * server's own timestamps, so this store takes no clock.
 */
export class KurrentDbEventStore implements EventStore {
  readonly #client: KurrentClient;
  readonly #subscriptions = new Set<KurrentDbSubscription>();
  #closed = false;

  /**
   * `kurrentdb://host:2113?tls=false` or any other form the client accepts (esdb://, +discover).
   * The string is parsed now, so a typo fails at startup; the connection opens on first use.
   */
  constructor(connection: string | KurrentClient) {
    this.#client = typeof connection === 'string' ? KurrentDBClient.connectionString(connection) : connection;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.#assertOpen();
    assertStreamName(stream);
    assertExpectedRevision(expected);
    // Same checks, same errors as the local stores; the JSON text itself is not needed here.
    serializeNewEvents(events);
    if (events.length === 0) return this.#checkWithoutAppending(stream, expected);

    let result: KurrentAppendResult;
    try {
      result = await this.#client.appendToStream(stream, events.map(toEventData), {
        streamState: toStreamState(expected),
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw toWrongExpectedRevision(stream, expected, error);
      throw error;
    }
    if (!result.success) {
      // Only with `throwOnAppendFailure=false` in the connection string. The revision the client
      // reports then is unreliable (batch appends garble it), so ask the stream itself.
      const actual = (await this.#lastEvent(stream))?.revision ?? -1;
      throw new WrongExpectedRevisionError(stream, expected, actual);
    }
    if (result.position === undefined) {
      throw new Error(`KurrentDB acknowledged the append to ${stream} without a position`);
    }
    // The server answers with the position of the last event written.
    return {
      revision: toRevisionNumber(result.nextExpectedRevision),
      position: toGlobalPosition(result.position),
    };
  }

  async *readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    this.#assertOpen();
    assertStreamName(stream);
    const { fromRevision, toRevision, untilMs } = toStreamRange(options);
    if (toRevision < fromRevision) return;
    const resolvedEvents = this.#client.readStream(stream, {
      fromRevision: BigInt(fromRevision),
      maxCount: Math.min(toRevision - fromRevision + 1, Number.MAX_SAFE_INTEGER),
    });
    try {
      for await (const resolved of resolvedEvents) {
        if (resolved.event === undefined) continue;
        const event = toRecordedEvent(resolved.event, resolved.commitPosition);
        // Stop at the first later event rather than skip it, so a stream never reads with a hole.
        if (untilMs !== undefined && event.recordedAt.getTime() > untilMs) return;
        yield event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    this.#assertOpen();
    const { after, limit } = toAllRange(options);
    if (limit === 0) return;
    const resolvedEvents = this.#client.readAll({
      // Reading from a position includes the event there: ask for one more and skip it below.
      fromPosition: after < 0 ? START : toReadPosition(after),
      maxCount: Number.isFinite(limit) ? limit + 1 : Number.MAX_SAFE_INTEGER,
      filter: excludeSystemEvents(),
    });
    let delivered = 0;
    for await (const resolved of resolvedEvents) {
      if (resolved.event === undefined || isSystemEvent(resolved.event)) continue;
      const event = toRecordedEvent(resolved.event, resolved.commitPosition);
      if (event.position <= after) continue;
      yield event;
      delivered += 1;
      if (delivered >= limit) return;
    }
  }

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    this.#assertOpen();
    const { after = -1 } = options ?? {};
    assertPosition(after);
    if (typeof handlers?.onEvent !== 'function') {
      throw new InvalidEventStoreInputError('subscribe needs an onEvent handler');
    }
    const subscription = new KurrentDbSubscription(this.#client, after, handlers, (finished) =>
      this.#subscriptions.delete(finished),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.#assertOpen();
    const newestFirst = this.#client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      filter: excludeSystemEvents(),
    });
    // No maxCount: a `$` stream event with a non-`$` type may come first; leaving the loop ends the read.
    for await (const resolved of newestFirst) {
      if (resolved.event === undefined || isSystemEvent(resolved.event)) continue;
      return toRecordedEvent(resolved.event, resolved.commitPosition).position;
    }
    return -1;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    await this.#client.dispose();
  }

  /**
   * An empty append writes nothing but still answers the expectation, like the local stores.
   * KurrentDB is not asked to do it: servers differ on what an empty append returns.
   */
  async #checkWithoutAppending(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    const last = await this.#lastEvent(stream);
    checkExpectedRevision(stream, expected, last?.revision ?? -1);
    return { revision: last?.revision ?? -1, position: last?.position ?? -1 };
  }

  async #lastEvent(stream: string): Promise<RecordedEvent | undefined> {
    const newestFirst = this.#client.readStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    try {
      for await (const resolved of newestFirst) {
        if (resolved.event !== undefined) return toRecordedEvent(resolved.event, resolved.commitPosition);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return undefined;
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreClosedError();
  }
}
