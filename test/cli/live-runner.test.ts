import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import type { AuthBackend } from '../../src/application/auth/auth-backend.js';
import { createBuiltinAuthBackend } from '../../src/application/auth/builtin-auth-backend.js';
import { ALL_PROJECTIONS, createReadModels } from '../../src/projections/read-models.js';
import type { ReadModelDb } from '../../src/projections/runner/projection.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { field, runProvd, seedDataDir } from './support/run-provd.js';

const MASTER = 'c0ffee00-0000-4000-8000-000000000001';

/** Polls an async condition: the runner learns of another process's append by polling the head. */
const eventually = async (
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

describe('a token created by the CLI while the server runs', () => {
  let dir: TempDir;
  let store: SqliteEventStore;
  let db: ReadModelDb;
  let runner: ProjectionRunner;
  let backend: AuthBackend;

  beforeEach(async () => {
    dir = await makeTempDir('provd-live-');
    await seedDataDir(dir.path, MASTER);
    // The server's side: its store, its readmodel.db and its runner following the log live.
    store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    db = openReadModelDb(join(dir.path, 'readmodel.db'));
    runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
    await runner.start();
    backend = createBuiltinAuthBackend({ readModels: createReadModels(db), clock: () => new Date() });
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    db.close();
    await dir.remove();
  });

  it('is picked up by the running projection runner, and so is its revocation', async () => {
    const head = await store.headPosition();
    const env = { PROVD_DATA_DIR: dir.path };
    const created = await runProvd(['token', 'create', '--label', 'live'], env);
    expect(created.code).toBe(0);
    const secret = field(created.stdout, 'secret');
    const tokenId = field(created.stdout, 'token id');

    // Nothing told this process: only the subscription's polling of the shared file can see it.
    await eventually(async () => (await backend.identify(secret)) !== undefined, 'the new token');
    expect(await backend.identify(secret)).toEqual({ tokenId, tenantUuid: MASTER });
    expect(runner.health().state).toBe('running');
    expect(runner.position()).toBeGreaterThan(head);

    expect((await runProvd(['token', 'revoke', tokenId], env)).code).toBe(0);
    await eventually(async () => (await backend.identify(secret)) === undefined, 'the revocation');
  });
});
