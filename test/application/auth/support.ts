import * as E from 'fp-ts/lib/Either.js';
import { SqliteEventStore } from '../../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { runTenantCommand } from '../../../src/application/aggregates.js';
import { issueToken, type TokenRequest } from '../../../src/application/auth/issue-token.js';
import type { RandomBytes } from '../../../src/application/auth/token-secret.js';
import type { EventMetadata } from '../../../src/eventstore/envelope.js';
import type { EventStore } from '../../../src/eventstore/port.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../../../src/projections/read-models.js';
import type { ReadModelDb } from '../../../src/projections/runner/projection.js';
import { ProjectionRunner } from '../../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';

export const CLI: EventMetadata = { source: 'cli' };

/** Deterministic bytes: a counter, so every secret and id of a test is different and known. */
export const countingRandom = (): RandomBytes => {
  let next = 0;
  return (size) => Uint8Array.from({ length: size }, () => next++ % 256);
};

/** A SQLite event log, the server's projections over it in an in-memory read model, running. */
export interface AuthWorld {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  readonly readModels: ReadModels;
  /** Waits until the read models have applied everything in the log. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const openAuthWorld = async (path = ':memory:'): Promise<AuthWorld> => {
  const store = new SqliteEventStore({ path });
  const db = openReadModelDb(':memory:');
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  await runner.start();
  return {
    store,
    db,
    runner,
    readModels: createReadModels(db),
    settle: async () => runner.waitFor(await store.headPosition()),
    close: async () => {
      await runner.stop();
      await store.close();
      db.close();
    },
  };
};

export const mustTenant = async (
  store: EventStore,
  tenantUuid: string,
  parentUuid: string | null,
  name = tenantUuid,
): Promise<void> => {
  const result = await runTenantCommand(store, { type: 'CreateTenant', tenantUuid, parentUuid, name }, CLI);
  if (E.isLeft(result)) throw new Error(result.left.message);
};

export const mustToken = async (
  store: EventStore,
  request: Partial<TokenRequest> & Pick<TokenRequest, 'tenantUuid'>,
  clock: () => Date,
  random: RandomBytes,
): Promise<{ tokenId: string; secret: string }> => {
  const result = await issueToken(
    store,
    { acls: ['provd.#'], label: '', expiresAt: null, ...request },
    { clock, random, metadata: CLI },
  );
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};
