import * as E from 'fp-ts/lib/Either.js';
import { CorruptEventError } from '../../adapters/eventstore/common/errors.js';
import { decodeEvent } from '../../domain/events/codec.js';
import type { RecordedEvent } from '../../eventstore/envelope.js';
import type { EventStore, Subscription } from '../../eventstore/port.js';
import {
  type Checkpoint,
  loadCheckpoints,
  saveCheckpoint,
  setupCheckpointTable,
} from './checkpoint-table.js';
import { PositionWaiters } from './position-waiters.js';
import type { Projection, ReadModelDb } from './projection.js';
import { ProjectionError, RunnerStoppedError, WaitForTimeoutError } from './projection-error.js';
import { ReadModelWriteError, storageFailureOf } from './storage-failure.js';

/** The subset of a pino logger the runner uses. */
export interface RunnerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly projections: readonly Projection[];
  /** Events applied per SQLite transaction while catching up (default 500). */
  readonly batchSize?: number;
  readonly logger?: RunnerLogger;
  /**
   * Awaited after each batch applied while catching up, with the position reached: progress for
   * a long rebuild, and a chance to let other work run between batches.
   */
  readonly afterBatch?: (position: number) => Promise<void> | void;
}

export interface CatchUpOptions {
  /** Apply no event past this position (a read model compared with another at that point). */
  readonly until?: number;
  /** Stop between two batches; the batches applied so far stay committed. */
  readonly signal?: AbortSignal;
}

export type RunnerState = 'running' | 'stopped' | 'failed';

export interface RunnerHealth {
  readonly state: RunnerState;
  /** Position every projection has applied (-1: none yet). */
  readonly position: number;
  readonly error?: ProjectionError;
  /** The store dropped the live subscription and the runner is following it again. */
  readonly storeTrouble?: StoreTrouble;
}

export interface StoreTrouble {
  readonly attempts: number;
  readonly message: string;
}

const RESUBSCRIBE_FIRST_MS = 500;
const RESUBSCRIBE_MAX_MS = 30_000;

const silentLogger: RunnerLogger = { info: () => {}, warn: () => {}, error: () => {} };

const DEFAULT_WAIT_MS = 5_000;

/**
 * Keeps the read models in step with the event log: catches up from the stored checkpoints in
 * batches, then follows the live subscription. Each batch is one SQLite transaction holding both
 * the read-model changes and the new checkpoints, so a crash can neither apply an event twice nor
 * skip one. An event that cannot be decoded or applied stops the runner (see ProjectionError).
 */
export class ProjectionRunner {
  readonly #store: EventStore;
  readonly #db: ReadModelDb;
  readonly #projections: readonly Projection[];
  readonly #batchSize: number;
  readonly #logger: RunnerLogger;
  readonly #afterBatch: ((position: number) => Promise<void> | void) | undefined;
  readonly #waiters = new PositionWaiters();
  /** Committed checkpoints, mirrored in memory to filter events without a query. */
  #checkpoints = new Map<string, number>();
  #position = -1;
  #prepared = false;
  #state: RunnerState = 'stopped';
  #error: ProjectionError | undefined;
  #subscription: Subscription | undefined;
  /** Set while the store keeps dropping the live subscription; cleared by the next event. */
  #storeTrouble: StoreTrouble | undefined;
  /** Set while the read-model database cannot be written (a full disk); cleared likewise. */
  #writeTrouble: ReadModelWriteError | undefined;
  #resubscribeTimer: NodeJS.Timeout | undefined;
  /** Bumped by start and stop: a catch-up started by an older start() gives up. */
  #generation = 0;
  /** Serialises catch-ups, live events and rebuilds: they all write checkpoints. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: ProjectionRunnerOptions) {
    const names = options.projections.map((projection) => projection.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) throw new Error(`two projections are named ${duplicate}`);
    this.#store = options.store;
    this.#db = options.db;
    this.#projections = options.projections;
    this.#batchSize = options.batchSize ?? 500;
    this.#logger = options.logger ?? silentLogger;
    this.#afterBatch = options.afterBatch;
  }

  /** Catches up, then follows new events until stop() or a failure. Rejects if catching up fails. */
  async start(): Promise<void> {
    if (this.#state === 'running') return;
    const generation = ++this.#generation;
    this.#state = 'running';
    this.#error = undefined;
    await this.#exclusive(() => this.#catchUpLocked(() => generation === this.#generation));
    if (generation === this.#generation && this.#state === 'running') this.#subscribe();
  }

  /** Stops following the log; pending `waitFor` calls are rejected. A failed runner stays failed. */
  async stop(): Promise<void> {
    this.#generation++;
    clearTimeout(this.#resubscribeTimer);
    if (this.#state === 'running') this.#state = 'stopped';
    await this.#unsubscribe();
    await this.#exclusive(async () => {});
    this.#waiters.rejectAll(new RunnerStoppedError());
  }

  /** Applies every event already in the log (or up to `until`); resolves with the position reached. */
  async catchUp(options: CatchUpOptions = {}): Promise<number> {
    await this.#exclusive(() => this.#catchUpLocked(() => options.signal?.aborted !== true, options.until));
    return this.#position;
  }

  /**
   * Drops the named projection (all of them by default) with its checkpoint, in one transaction,
   * then rebuilds it from the start of the log. Live following pauses meanwhile: a live event
   * must not reach a projection that has not caught up to it.
   */
  async rebuild(name?: string): Promise<void> {
    const targets = name === undefined ? this.#projections : this.#projections.filter((p) => p.name === name);
    if (targets.length === 0) throw new Error(`no projection named ${name}`);
    const resume = this.#state === 'running';
    await this.#unsubscribe();
    await this.#exclusive(async () => {
      await this.#prepare();
      this.#resetLocked(targets);
      await this.#catchUpLocked(() => true);
    });
    if (resume && this.#state === 'running') this.#subscribe();
  }

  /**
   * Runs `swap` while no event is applied and takes the positions it answers as the committed
   * checkpoints of those projections: how a copy rebuilt aside replaces the stored one
   * (src/projections/rebuild). `swap` must have committed rows and checkpoints together.
   */
  async swapIn(swap: () => Promise<ReadonlyMap<string, number>>): Promise<void> {
    await this.#exclusive(async () => {
      await this.#prepare();
      const positions = await swap();
      for (const [name, position] of positions) this.#checkpoints.set(name, position);
      this.#refreshPosition();
    });
  }

  /** The position every projection has applied; -1 before the first event. */
  position(): number {
    return this.#position;
  }

  /**
   * Resolves once every projection has applied `position` (read-your-writes after an append).
   * Rejects with the failure when the runner fails, or WaitForTimeoutError after `timeoutMs`.
   */
  waitFor(position: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (position <= this.#position) return Promise.resolve();
    if (this.#state === 'failed' && this.#error) return Promise.reject(this.#error);
    // Say why at once, rather than after the timeout: nothing is applied until the disk is fixed.
    if (this.#writeTrouble !== undefined) return Promise.reject(this.#writeTrouble);
    return this.#waiters.wait(
      position,
      timeoutMs,
      () => new WaitForTimeoutError(position, this.#position, timeoutMs),
    );
  }

  health(): RunnerHealth {
    return {
      state: this.#state,
      position: this.#position,
      ...(this.#error ? { error: this.#error } : {}),
      ...(this.#storeTrouble && this.#state === 'running' ? { storeTrouble: this.#storeTrouble } : {}),
    };
  }

  /** Each projection's committed checkpoint, for diagnostics. */
  checkpoints(): readonly Checkpoint[] {
    return this.#projections.map(({ name, version }) => ({
      name,
      version,
      position: this.#checkpoints.get(name) ?? -1,
    }));
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Creates missing tables and decides, once, which stored projections cannot be trusted: no
   * checkpoint, a different code version, or a checkpoint past the end of the log (a read model
   * built from another log). Those are rebuilt from zero.
   */
  async #prepare(): Promise<void> {
    if (this.#prepared) return;
    setupCheckpointTable(this.#db);
    const stored = loadCheckpoints(this.#db);
    const head = await this.#store.headPosition();
    const stale = this.#projections.filter((projection) => {
      const checkpoint = stored.get(projection.name);
      if (checkpoint === undefined) return true;
      if (checkpoint.version !== projection.version) {
        this.#logger.info(
          { projection: projection.name, stored: checkpoint.version, code: projection.version },
          'projection version changed: rebuilding it from the event log',
        );
        return true;
      }
      if (checkpoint.position > head) {
        this.#logger.warn(
          { projection: projection.name, checkpoint: checkpoint.position, head },
          'read model is ahead of the event log: rebuilding it',
        );
        return true;
      }
      return false;
    });
    this.#db.transaction(() => {
      for (const projection of this.#projections) projection.setup(this.#db);
    })();
    this.#checkpoints = new Map([...stored].map(([name, checkpoint]) => [name, checkpoint.position]));
    this.#resetLocked(stale);
    this.#prepared = true;
    this.#refreshPosition();
  }

  #resetLocked(projections: readonly Projection[]): void {
    if (projections.length === 0) return;
    this.#db.transaction(() => {
      for (const projection of projections) {
        projection.reset(this.#db);
        projection.setup(this.#db);
        saveCheckpoint(this.#db, { name: projection.name, version: projection.version, position: -1 });
      }
    })();
    for (const projection of projections) this.#checkpoints.set(projection.name, -1);
    this.#refreshPosition();
  }

  async #catchUpLocked(keepGoing: () => boolean, until = Number.POSITIVE_INFINITY): Promise<void> {
    try {
      await this.#prepare();
      for (;;) {
        const after = this.#lowestCheckpoint();
        const read = await this.#readBatch(after);
        const batch = read.filter((event) => event.position <= until);
        if (batch.length > 0) {
          this.#applyBatch(batch);
          await this.#afterBatch?.(this.#position);
        }
        if (batch.length < this.#batchSize || !keepGoing()) return;
      }
    } catch (error) {
      throw this.#fail(error);
    }
  }

  async #readBatch(after: number): Promise<RecordedEvent[]> {
    const batch: RecordedEvent[] = [];
    try {
      for await (const event of this.#store.readAll({ after, limit: this.#batchSize })) batch.push(event);
    } catch (cause) {
      throw ProjectionError.storeFailed(after, cause);
    }
    return batch;
  }

  /**
   * Applies events to every projection that has not seen them, and moves the checkpoints, in one
   * transaction: if anything throws, better-sqlite3 rolls the whole batch back.
   */
  #applyBatch(events: readonly RecordedEvent[]): void {
    const lastEvent = events.at(-1)!;
    const last = lastEvent.position;
    try {
      this.#db.transaction(() => {
        for (const recorded of events) {
          const behind = this.#projections.filter(({ name }) => this.#checkpointOf(name) < recorded.position);
          if (behind.length === 0) continue;
          const decoded = decodeEvent(recorded);
          if (E.isLeft(decoded)) throw ProjectionError.undecodable(decoded.left);
          for (const projection of behind) {
            try {
              projection.apply(this.#db, decoded.right);
            } catch (cause) {
              throw ProjectionError.applyFailed(projection.name, recorded, cause);
            }
          }
        }
        for (const projection of this.#projections) {
          try {
            projection.flush?.(this.#db);
          } catch (cause) {
            throw ProjectionError.applyFailed(projection.name, lastEvent, cause);
          }
        }
        for (const { name, version } of this.#projections) {
          if (this.#checkpointOf(name) < last) saveCheckpoint(this.#db, { name, version, position: last });
        }
      })();
    } catch (error) {
      for (const projection of this.#projections) projection.discard?.(this.#db);
      throw error;
    }
    for (const { name } of this.#projections) {
      if (this.#checkpointOf(name) < last) this.#checkpoints.set(name, last);
    }
    this.#refreshPosition(last);
  }

  #checkpointOf(name: string): number {
    return this.#checkpoints.get(name) ?? -1;
  }

  /** Without projections nothing waits on a checkpoint: the position follows what was read. */
  #lowestCheckpoint(lastRead = this.#position): number {
    if (this.#projections.length === 0) return lastRead;
    return Math.min(...this.#projections.map(({ name }) => this.#checkpointOf(name)));
  }

  #refreshPosition(lastRead?: number): void {
    this.#position = this.#lowestCheckpoint(Math.max(this.#position, lastRead ?? -1));
    this.#waiters.reached(this.#position);
  }

  #subscribe(): void {
    let subscription: Subscription | undefined;
    subscription = this.#store.subscribe(
      { after: this.#position },
      {
        onEvent: (event) =>
          this.#exclusive(async () => {
            this.#applyLive(event);
            this.#storeTrouble = undefined;
            this.#writeTrouble = undefined;
          }),
        onError: (error) => {
          // Errors of a subscription we already dropped (stop, rebuild, failed event) are old news.
          if (subscription !== undefined && this.#subscription !== subscription) return;
          // A bad event stops the runner; a lost connection (a KurrentDB node restarting) or a
          // full disk does not: the same events are applied again later.
          if (error instanceof ProjectionError || error instanceof CorruptEventError) this.#fail(error);
          else {
            if (error instanceof ReadModelWriteError) {
              this.#writeTrouble = error;
              this.#waiters.rejectAll(error);
            }
            this.#resubscribeLater(error);
          }
        },
      },
    );
    this.#subscription = subscription;
  }

  /**
   * Follows the log again after the store dropped the subscription, from the position reached,
   * waiting longer after each consecutive failure (0.5 s doubling up to 30 s).
   */
  #resubscribeLater(error: unknown): void {
    const attempts = (this.#storeTrouble?.attempts ?? 0) + 1;
    const message = error instanceof Error ? error.message : String(error);
    this.#storeTrouble = { attempts, message };
    const delayMs = Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_FIRST_MS * 2 ** Math.min(attempts - 1, 10));
    this.#logger.warn(
      { error: message, attempts, delayMs },
      error instanceof ReadModelWriteError
        ? 'read models cannot be written: trying again'
        : 'event store subscription lost: following again',
    );
    void this.#unsubscribe();
    const generation = this.#generation;
    clearTimeout(this.#resubscribeTimer);
    this.#resubscribeTimer = setTimeout(() => {
      if (generation === this.#generation && this.#state === 'running') this.#subscribe();
    }, delayMs);
    this.#resubscribeTimer.unref();
  }

  #applyLive(event: RecordedEvent): void {
    try {
      this.#applyBatch([event]);
    } catch (error) {
      // The batch was rolled back and the checkpoints stay before the event: it comes again.
      const storage = storageFailureOf(error);
      if (storage !== undefined) throw new ReadModelWriteError(storage);
      const failure = this.#fail(error);
      void this.#unsubscribe();
      throw failure;
    }
  }

  async #unsubscribe(): Promise<void> {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    await subscription?.close();
  }

  /** Records the failure once, logs it and rejects the pending waiters. */
  #fail(error: unknown): ProjectionError {
    const failure =
      error instanceof ProjectionError ? error : ProjectionError.unexpected(this.#position, error);
    if (this.#state === 'failed' && this.#error === failure) return failure;
    this.#state = 'failed';
    this.#error = failure;
    this.#generation++;
    this.#logger.error(
      {
        position: failure.position,
        stream: failure.stream,
        type: failure.eventType,
        projection: failure.projection,
      },
      failure.message,
    );
    this.#waiters.rejectAll(failure);
    return failure;
  }
}
