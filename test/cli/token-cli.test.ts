import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { createBuiltinAuthBackend } from '../../src/application/auth/builtin-auth-backend.js';
import { hashSecret } from '../../src/application/auth/token-secret.js';
import { ALL_PROJECTIONS, createReadModels } from '../../src/projections/read-models.js';
import { ProjectionRunner } from '../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { field, runProvd, seedDataDir } from './support/run-provd.js';

const MASTER = 'c0ffee00-0000-4000-8000-000000000001';

/** Folds the data dir's log from zero, as a freshly started server would. */
const backendOver = async (dataDir: string) => {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
  const db = openReadModelDb(':memory:');
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  await runner.catchUp();
  const readModels = createReadModels(db);
  const backend = createBuiltinAuthBackend({ readModels, clock: () => new Date() });
  return {
    backend,
    readModels,
    close: async () => {
      await store.close();
      db.close();
    },
  };
};

describe('provd token (CLI, separate processes)', () => {
  let dir: TempDir;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await makeTempDir('provd-cli-');
    await seedDataDir(dir.path, MASTER);
    env = { PROVD_DATA_DIR: dir.path };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('creates a token, lists it without its secret, revokes it: the backend stops knowing it', async () => {
    const created = await runProvd(
      [
        'token',
        'create',
        '--label',
        'confd on host A',
        '--acl',
        'provd.dev_mgr.#',
        '--acl',
        '!provd.dev_mgr.devices.*.delete',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const tokenId = field(created.stdout, 'token id');
    const secret = field(created.stdout, 'secret');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.stdout).toMatch(/shown only this once/);

    const before = await backendOver(dir.path);
    try {
      expect(await before.backend.identify(secret)).toEqual({ tokenId, tenantUuid: MASTER });
      expect(await before.backend.authorize(secret, MASTER, 'provd.dev_mgr.devices.read')).toBe(true);
      expect(await before.backend.authorize(secret, MASTER, 'provd.dev_mgr.devices.d1.delete')).toBe(false);
    } finally {
      await before.close();
    }

    const listed = await runProvd(['token', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+TENANT\s+STATUS\s+EXPIRES\s+ACLS\s+LABEL$/m);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(tokenId));
    expect(row).toMatch(
      new RegExp(
        `^${tokenId}\\s+${MASTER}\\s+active\\s+never\\s+provd\\.dev_mgr\\.#,!provd\\.dev_mgr\\.devices\\.\\*\\.delete\\s+confd on host A$`,
      ),
    );
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain(hashSecret(secret));

    const revoked = await runProvd(['token', 'revoke', tokenId], env);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked token ${tokenId}\n` });
    const again = await runProvd(['token', 'revoke', tokenId], env);
    expect(again).toMatchObject({ code: 0, stdout: `token ${tokenId} was already revoked\n` });

    const after = await backendOver(dir.path);
    try {
      expect(await after.backend.identify(secret)).toBeUndefined();
      expect(after.readModels.tokens.get(tokenId)?.revokedAt).not.toBeNull();
    } finally {
      await after.close();
    }
    // The CLI folds the log in memory: it never creates (or writes) the server's readmodel.db.
    expect((await readdir(dir.path)).filter((name) => name.startsWith('readmodel'))).toEqual([]);
    const json = JSON.parse((await runProvd(['token', 'list', '--json'], env)).stdout) as {
      tokenId: string;
      status: string;
    }[];
    expect(json).toEqual([
      expect.objectContaining({ tokenId, status: 'revoked', tenantUuid: MASTER, label: 'confd on host A' }),
    ]);
    expect(JSON.stringify(json)).not.toContain(secret);
  });

  it('defaults to a master-tenant provd.# token without expiry, and takes a tenant and an expiry', async () => {
    const plain = await runProvd(['token', 'create'], env);
    expect(plain.code).toBe(0);
    expect(field(plain.stdout, 'tenant')).toBe(MASTER);
    expect(field(plain.stdout, 'acls')).toBe('provd.#');
    expect(field(plain.stdout, 'expires')).toBe('never');

    const tenant = (await runProvd(['tenant', 'create', 'sales'], env)).stdout.trim();
    const started = Date.now();
    const scoped = await runProvd(['token', 'create', '--tenant', tenant, '--expires', '30d'], env);
    expect(scoped.code).toBe(0);
    expect(field(scoped.stdout, 'tenant')).toBe(tenant);
    const expires = Date.parse(field(scoped.stdout, 'expires'));
    expect(expires - started).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);

    const dated = await runProvd(['token', 'create', '--expires', '2999-12-31'], env);
    expect(field(dated.stdout, 'expires')).toBe('2999-12-31T00:00:00.000Z');
  });

  it('refuses an unknown tenant, an invalid ACL, a past expiry and an unknown token id (exit 1)', async () => {
    const unknownTenant = await runProvd(['token', 'create', '--tenant', 'nope'], env);
    expect(unknownTenant).toMatchObject({ code: 1, stdout: '' });
    expect(unknownTenant.stderr).toMatch(/^provd: no tenant nope$/m);
    const badAcl = await runProvd(['token', 'create', '--acl', 'provd.{tenant_uuid}.read'], env);
    expect(badAcl.code).toBe(1);
    expect(badAcl.stderr).toMatch(/invalid ACL/);
    const past = await runProvd(['token', 'create', '--expires', '2001-01-01'], env);
    expect(past.code).toBe(1);
    expect(past.stderr).toMatch(/must be after the creation time/);
    const unknownToken = await runProvd(['token', 'revoke', 'no-such-token'], env);
    expect(unknownToken.code).toBe(1);
    expect(unknownToken.stderr).toMatch(/no token no-such-token/);
    // Nothing of the above was recorded.
    expect((await runProvd(['token', 'list'], env)).stdout).toBe('no tokens\n');
  });

  it('reads the data dir from a --config file, before or after the command', async () => {
    const config = join(dir.path, 'provd.yml');
    await writeFile(config, `data_dir: ${JSON.stringify(dir.path)}\n`);
    const created = await runProvd(['--config', config, 'token', 'create', '--label', 'from yaml']);
    expect(created.code).toBe(0);
    const listed = await runProvd(['token', 'list', '--config', config]);
    expect(listed.stdout).toContain(field(created.stdout, 'token id'));
  });
});
