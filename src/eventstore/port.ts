import type { NewEvent, RecordedEvent } from './envelope.js';

/**
 * What the caller expects of the stream before appending:
 * - `no_stream`: the stream has no event yet;
 * - `stream_exists`: the stream has at least one event;
 * - `any`: no check;
 * - a number: the revision of the stream's last event (0-based).
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last appended event. */
  readonly revision: number;
  /** Global position of the last appended event. */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive, default 0). */
  readonly fromRevision?: number;
  /** Last revision to read (inclusive). */
  readonly toRevision?: number;
  /** Only events recorded at or before this instant. */
  readonly until?: Date;
}

export interface ReadAllOptions {
  /** Read events whose position is strictly greater than this (default: from the start). */
  readonly after?: number;
  /** Maximum number of events to read. */
  readonly limit?: number;
}

export interface SubscribeOptions {
  /** Deliver events whose position is strictly greater than this (default: from the start). */
  readonly after?: number;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running any more. */
  close(): Promise<void>;
}

export interface SubscriptionHandlers {
  /**
   * Called once per event, in position order; the next event waits for the returned promise.
   * A rejection stops the subscription and is reported through `onError`.
   */
  onEvent(event: RecordedEvent): void | Promise<void>;
  onError?(error: unknown): void;
}

/**
 * The event store port. Every adapter (SQLite, KurrentDB, in-memory) passes the same contract
 * suite in test/eventstore/contract.ts.
 */
export interface EventStore {
  /**
   * Appends events atomically to one stream. Throws {@link WrongExpectedRevisionError} when the
   * stream is not in the expected state; nothing is written then.
   */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in revision order; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Every event of every stream, in global position order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up then live subscription to $all. */
  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription;
  /** Position of the last event in the store, or -1 when it is empty. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
