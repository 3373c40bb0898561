import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import {
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendStreamState,
  type AppendToStreamOptions,
  type CurrentStreamState,
  END,
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { KurrentClient } from '../../src/adapters/eventstore/kurrentdb/kurrentdb-event-store.js';

interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly created: Date;
  readonly isJson: true;
  readonly data: JSONType;
  readonly metadata: JSONType | undefined;
  readonly position: Position;
}

type FakeSubscription = PassThrough & { unsubscribe(): Promise<void> };

/**
 * An in-process stand-in for a KurrentDB node, written from the server's documented behaviour:
 * commit positions are growing byte offsets with gaps, reading $all forwards from a position
 * includes the event there, a subscription starts after its position, missing streams raise
 * StreamNotFoundError, conflicts raise WrongExpectedVersionError, event ids are not checked
 * for uniqueness, and the log holds the server's own `$` events between ours.
 *
 * It lets the shared contract exercise the adapter's logic in CI. It proves nothing about a
 * real server: that takes KURRENTDB_URL (see kurrentdb.test.ts).
 */
export class FakeKurrentServer {
  readonly #log: StoredRecord[] = [];
  readonly #subscriptions = new Set<FakeSubscription>();
  // A real log starts with the server's own records, so our first position is never 0.
  #nextPosition = 4096n;

  constructor(private readonly clock: () => Date) {
    this.#writeSystemEvent('$settings', 'SettingsChanged');
  }

  /** The fake typed as the client: its methods take the same arguments, minus the generics. */
  client(): KurrentClient {
    return this as unknown as KurrentClient;
  }

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    { streamState = 'any' }: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    const batch = Array.isArray(events) ? events : [events];
    const current = this.#currentState(streamName);
    if (!satisfies(streamState, current)) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected: streamState, current });
    }
    const created = this.clock();
    let revision = current === 'no_stream' ? -1n : current;
    const written = batch.map((event) => {
      revision += 1n;
      // Data and metadata travel as JSON bytes: what is read back is a fresh parse.
      return this.#write({
        streamId: streamName,
        id: event.id,
        type: event.type,
        revision,
        created,
        isJson: true,
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
      });
    });
    // The server's own traffic lands between our appends.
    this.#writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    const last = written.at(-1)!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  async *readStream(
    streamName: string,
    {
      fromRevision = 'start',
      maxCount = Number.MAX_SAFE_INTEGER,
      direction = 'forwards',
    }: ReadStreamOptions = {},
  ): AsyncIterableIterator<{ event: StoredRecord }> {
    const stream = this.#log.filter((record) => record.streamId === streamName);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const ordered = direction === 'forwards' ? stream : [...stream].reverse();
    const startAt = (record: StoredRecord) =>
      fromRevision === 'start' || fromRevision === END
        ? true
        : direction === 'forwards'
          ? record.revision >= fromRevision
          : record.revision <= fromRevision;
    let count = 0n;
    for (const record of ordered.filter(startAt)) {
      if (count++ >= BigInt(maxCount)) return;
      // Stream reads carry the position on the event only (EventStoreDB 22.6+).
      yield { event: copy(record) };
    }
  }

  async *readAll({
    fromPosition = 'start',
    maxCount = Number.MAX_SAFE_INTEGER,
    direction = 'forwards',
    filter,
  }: ReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    const inRange = (record: StoredRecord) => {
      if (fromPosition === 'start' || fromPosition === END) return true;
      // Forwards the position is inclusive, backwards it is exclusive.
      return direction === 'forwards'
        ? record.position.commit >= fromPosition.commit
        : record.position.commit < fromPosition.commit;
    };
    const ordered = direction === 'forwards' ? this.#log : [...this.#log].reverse();
    let count = 0n;
    for (const record of ordered.filter((r) => inRange(r) && passes(filter, r))) {
      if (count++ >= BigInt(maxCount)) return;
      yield toResolved(record);
    }
  }

  subscribeToAll({ fromPosition = 'start', filter }: SubscribeToAllOptions = {}): FakeSubscription {
    const subscription: FakeSubscription = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => {
        this.#subscriptions.delete(subscription);
      },
    });
    const after =
      fromPosition === 'start' ? -1n : fromPosition === END ? this.#nextPosition : fromPosition.commit;
    for (const record of this.#log) {
      if (record.position.commit > after && passes(filter, record)) subscription.write(toResolved(record));
    }
    this.#subscriptions.add(subscription);
    subscription.on('close', () => this.#subscriptions.delete(subscription));
    return subscription;
  }

  async dispose(): Promise<void> {
    for (const subscription of this.#subscriptions) subscription.destroy();
  }

  #currentState(streamName: string): CurrentStreamState {
    const last = this.#log.findLast((record) => record.streamId === streamName);
    return last === undefined ? 'no_stream' : last.revision;
  }

  #write(record: Omit<StoredRecord, 'position'>): StoredRecord {
    const commit = this.#nextPosition;
    // Records take bytes: positions grow by uneven steps, never by one.
    this.#nextPosition += 100n + BigInt(JSON.stringify(record.data ?? null).length);
    const stored: StoredRecord = { ...record, position: { commit, prepare: commit } };
    this.#log.push(stored);
    for (const subscription of this.#subscriptions) subscription.write(toResolved(stored));
    return stored;
  }

  #writeSystemEvent(streamId: string, type: string): void {
    const revision = this.#currentState(streamId);
    this.#write({
      streamId,
      id: randomUUID(),
      type,
      revision: revision === 'no_stream' ? 0n : revision + 1n,
      created: this.clock(),
      isJson: true,
      data: {},
      metadata: undefined,
    });
  }
}

const satisfies = (expected: AppendStreamState, current: CurrentStreamState): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' && current === 'no_stream') ||
  (expected === 'stream_exists' && current !== 'no_stream') ||
  expected === current;

/** The server applies filters on its side; only event-type regexes are modelled. */
const passes = (filter: Filter | undefined, record: StoredRecord): boolean =>
  filter === undefined ||
  !('regex' in filter) ||
  filter.filterOn !== 'eventType' ||
  new RegExp(filter.regex).test(record.type);

/** Every read decodes the stored bytes afresh: readers never share objects. */
const copy = (record: StoredRecord): StoredRecord => ({
  ...record,
  data: structuredClone(record.data),
  metadata: structuredClone(record.metadata),
});

const toResolved = (record: StoredRecord): AllStreamResolvedEvent => ({
  event: copy(record),
  commitPosition: record.position.commit,
});
