import type BetterSqlite3 from 'better-sqlite3';
import type { StoredDomainEvent } from '../../domain/events/domain-event.js';

export type ReadModelDb = BetterSqlite3.Database;

/**
 * A read model as a synchronous fold of the event log into SQLite tables. The runner calls
 * `apply` inside the transaction that also stores the projection's checkpoint, so a projection
 * must not open transactions of its own, and must not do I/O other than on `db`.
 */
export interface Projection {
  /** Unique among the runner's projections; the key of its checkpoint. */
  readonly name: string;
  /**
   * Bump it whenever the tables or what `apply` writes change: a stored read model built by
   * another version is dropped and rebuilt from the log at start.
   */
  readonly version: number;
  /** Creates the projection's tables and indexes when missing. */
  setup(db: ReadModelDb): void;
  /** Drops the projection's tables (`setup` follows before it is used again). */
  reset(db: ReadModelDb): void;
  /** Folds one event in; events the projection does not care about are ignored. */
  apply(db: ReadModelDb, event: StoredDomainEvent): void;
  /**
   * Called at the end of every batch, inside its transaction: a projection that holds writes back
   * while a batch runs (one row written per device rather than one per event) writes them here.
   */
  flush?(db: ReadModelDb): void;
  /** Called when a batch failed and was rolled back: drop whatever was held back. */
  discard?(db: ReadModelDb): void;
  /**
   * Tables whose rows something other than the fold deletes once it has acted on them (the
   * render queue's, drained by the file-cache renderer). A verification can only check that
   * the rows left are ones the fold wrote (src/projections/verify).
   */
  readonly drained?: readonly string[];
}
