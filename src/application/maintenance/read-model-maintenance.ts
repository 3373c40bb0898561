import type { EventStore } from '../../eventstore/port.js';
import { rebuildAside } from '../../projections/rebuild/rebuild-aside.js';
import { pendingRebuild, renameSwappedIndexes } from '../../projections/rebuild/shadow-tables.js';
import type { Projection, ReadModelDb } from '../../projections/runner/projection.js';
import type { ProjectionRunner, RunnerLogger } from '../../projections/runner/projection-runner.js';
import { openSnapshot } from '../../projections/verify/snapshot.js';
import { type VerifyReport, verifyReadModels } from '../../projections/verify/verify-read-models.js';
import { Operation } from '../operations/operation.js';

/** A projection name the server does not run. */
export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`unknown projection "${projection}"; the projections are: ${known.join(', ')}`);
  }
}

/** The same kind of work is running already. */
export class MaintenanceBusyError extends Error {
  override readonly name = 'MaintenanceBusyError';
}

export interface ReadModelMaintenanceDeps {
  readonly store: EventStore;
  /** The live read-model database and the runner keeping it. */
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  readonly projections: readonly Projection[];
  /** Its file: a verification reads it on a connection of its own. */
  readonly file: string;
  readonly logger?: RunnerLogger;
}

interface Running {
  readonly operation: Operation;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

const silent: RunnerLogger = { info: () => {}, warn: () => {}, error: () => {} };
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
// Operation counters are counts: the empty log's position (-1) shows as 0.
const count = (position: number): number => Math.max(0, position);

/**
 * Rebuilds and verifications of the read models in a running server, as operations in progress
 * (provd's monitors). One rebuild at a time, one verification at a time.
 */
export class ReadModelMaintenance {
  readonly #deps: ReadModelMaintenanceDeps;
  readonly #logger: RunnerLogger;
  readonly #reports = new WeakMap<Operation, VerifyReport>();
  #rebuild: Running | undefined;
  #verify: Running | undefined;

  constructor(deps: ReadModelMaintenanceDeps) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silent;
  }

  names(): string[] {
    return this.#deps.projections.map((projection) => projection.name);
  }

  /** Starts rebuilding one projection (all of them without a name). */
  rebuild(name?: string): Operation {
    const targets = this.#targets(name);
    if (this.#rebuild !== undefined) throw new MaintenanceBusyError('a rebuild is already in progress');
    return this.#startRebuild(targets, false);
  }

  /** Carries on with the rebuild the last process did not finish, if any. */
  resumePending(): Operation | undefined {
    // Killed between the swap and the renaming of its indexes: the start made the indexes under
    // their own names again, the shadow ones are left to drop.
    renameSwappedIndexes(this.#deps.db).catch((error: unknown) => {
      this.#logger.error({ error: messageOf(error) }, 'dropping the indexes a rebuild left failed');
    });
    const pending = pendingRebuild(this.#deps.db);
    if (pending.length === 0 || this.#rebuild !== undefined) return undefined;
    const names = pending.map(({ name }) => name);
    const targets = this.#deps.projections.filter((projection) => names.includes(projection.name));
    const from = Math.min(...pending.map(({ position }) => position));
    this.#logger.info({ projections: names, from }, 'resuming the rebuild the last run did not finish');
    return this.#startRebuild(targets, true);
  }

  verify(): Operation {
    if (this.#verify !== undefined) throw new MaintenanceBusyError('a verification is already in progress');
    const operation = new Operation('verify').start();
    const abort = new AbortController();
    const done = this.#runVerify(operation, abort.signal).finally(() => {
      this.#verify = undefined;
    });
    this.#verify = { operation, abort, done };
    return operation;
  }

  /** What a finished verification found. */
  report(operation: Operation): VerifyReport | undefined {
    return this.#reports.get(operation);
  }

  /** Stops a rebuild between two batches (it resumes at the next start), and a verification. */
  async stop(): Promise<void> {
    this.#rebuild?.abort.abort();
    this.#verify?.abort.abort();
    await Promise.all([this.#rebuild?.done, this.#verify?.done]);
  }

  #targets(name: string | undefined): readonly Projection[] {
    const { projections } = this.#deps;
    if (name === undefined) return projections;
    const target = projections.find((projection) => projection.name === name);
    if (target === undefined) throw new UnknownProjectionError(name, this.names());
    return [target];
  }

  #startRebuild(targets: readonly Projection[], resume: boolean): Operation {
    const operation = new Operation('rebuild').start();
    const abort = new AbortController();
    const names = targets.map((projection) => projection.name);
    const { store, db, runner } = this.#deps;
    const started = Date.now();
    const done = rebuildAside({
      store,
      db,
      runner,
      projections: targets,
      resume,
      signal: abort.signal,
      logger: this.#logger,
      onProgress: (position, head) => {
        operation.progress(count(position), count(head));
      },
    })
      .then((outcome) => {
        if (outcome === 'stopped') {
          operation.fail('the server stopped; the rebuild resumes at its next start');
          return;
        }
        operation.succeed();
        this.#logger.info(
          { projections: names, ms: Date.now() - started },
          'read models rebuilt and swapped in',
        );
      })
      .catch((error: unknown) => {
        operation.fail(messageOf(error));
        this.#logger.error({ projections: names, error: messageOf(error) }, 'rebuild failed');
      })
      .finally(() => {
        this.#rebuild = undefined;
      });
    this.#rebuild = { operation, abort, done };
    return operation;
  }

  async #runVerify(operation: Operation, signal: AbortSignal): Promise<void> {
    let snapshot: ReturnType<typeof openSnapshot> | undefined;
    try {
      snapshot = openSnapshot(this.#deps.file);
      const report = await verifyReadModels({
        store: this.#deps.store,
        stored: snapshot.db,
        projections: this.#deps.projections,
        signal,
        onProgress: (position, end) => operation.progress(count(position), count(end)),
      });
      this.#reports.set(operation, report);
      operation.succeed();
      if (!report.identical) {
        this.#logger.warn(
          { position: report.position, divergences: report.divergences.length + report.more },
          'the read models differ from a rebuild from the log',
        );
      }
    } catch (error) {
      operation.fail(messageOf(error));
      this.#logger.error({ error: messageOf(error) }, 'verification failed');
    } finally {
      snapshot?.close();
    }
  }
}
