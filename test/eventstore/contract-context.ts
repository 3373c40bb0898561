import type { RecordedEvent } from '../../src/eventstore/envelope.js';
import type { EventStore } from '../../src/eventstore/port.js';
import type { ManualClock } from '../support/manual-clock.js';

/** What each contract test gets: a fresh store and helpers to keep its events apart. */
export interface ContractContext {
  readonly store: EventStore;
  /** The clock the store was built with. */
  readonly clock: ManualClock;
  /** A stream name unique to the running test. */
  stream(base: string): string;
  /** Whether an event read from $all was written by the running test. */
  isMine(event: RecordedEvent): boolean;
  /** The store's head position when the test started. */
  readonly startHead: number;
}

export type GetContext = () => ContractContext;

export interface ContractOptions {
  /** Why the suite cannot run here (e.g. no KurrentDB server); the suite is then skipped. */
  readonly skip?: string;
  /**
   * Recorded times are stamped by the server, which ignores the injected clock (KurrentDB): tests
   * that move the clock are skipped and recorded times are only checked to be Dates.
   */
  readonly serverClock?: boolean;
  /** The store is a shared server that may already hold events: the empty-store test is skipped. */
  readonly sharedServer?: boolean;
  /**
   * The store refuses an id repeated within one append but not one stored by an earlier append
   * (KurrentDB only recognises retries): the tests relying on the latter are skipped.
   */
  readonly storedIdsUnchecked?: boolean;
}
