import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokenCommand } from '../../../src/application/aggregates.js';
import {
  ADMIN_TOKEN_LABEL,
  type AuthLogger,
  bootstrapAdminToken,
} from '../../../src/application/auth/bootstrap-admin-token.js';
import { bootstrapMasterTenant } from '../../../src/application/auth/bootstrap-master-tenant.js';
import { createBuiltinAuthBackend } from '../../../src/application/auth/builtin-auth-backend.js';
import { hashSecret } from '../../../src/application/auth/token-secret.js';
import { bootstrapSettings } from '../../../src/application/bootstrap-settings.js';
import { ManualClock } from '../../support/manual-clock.js';
import { makeTempDir, type TempDir } from '../../support/temp-dir.js';
import { type AuthWorld, countingRandom, mustToken, openAuthWorld } from './support.js';

const MASTER = 'c0ffee00-0000-4000-8000-000000000001';
const ADMIN_TOKEN = 'an-operator-chosen-admin-token-of-40-chars';

interface LogLine {
  readonly level: 'info' | 'warn';
  readonly details: object;
  readonly message: string;
}

const recordingLogger = (): AuthLogger & { lines: LogLine[] } => {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
  };
};

describe('bootstrapping the built-in authentication', () => {
  let dir: TempDir;
  let file: string;
  const worlds: AuthWorld[] = [];
  const clock = new ManualClock();

  /** The server's start-up on the data dir: a fresh process, its read models rebuilt from the log. */
  const start = async (adminToken?: string) => {
    const world = await openAuthWorld(file);
    worlds.push(world);
    const { masterTenant } = await bootstrapSettings(world.store, {
      baseRawConfig: {},
      masterTenant: MASTER,
    });
    await world.settle();
    const printed: string[] = [];
    const logger = recordingLogger();
    // As the composition root does it: the tree's root, then the first admin token.
    const tenantPosition = await bootstrapMasterTenant(world.store, masterTenant);
    if (tenantPosition !== undefined) await world.runner.waitFor(tenantPosition);
    const result = await bootstrapAdminToken({
      store: world.store,
      readModels: world.readModels,
      adminToken,
      masterTenant,
      clock: clock.now,
      random: countingRandom(),
      logger,
      print: (line) => printed.push(line),
    });
    if (result.position !== undefined) await world.runner.waitFor(result.position);
    const backend = createBuiltinAuthBackend({ readModels: world.readModels, clock: clock.now });
    return { world, result, printed, logger, backend, head: await world.store.headPosition() };
  };
  const stop = async (world: AuthWorld): Promise<void> => {
    worlds.splice(worlds.indexOf(world), 1);
    await world.close();
  };
  const log = async (world: AuthWorld): Promise<string> => {
    const events: string[] = [];
    for await (const event of world.store.readAll()) events.push(JSON.stringify(event));
    return events.join('\n');
  };

  beforeEach(async () => {
    dir = await makeTempDir('provd-auth-');
    file = join(dir.path, 'events.db');
  });
  afterEach(async () => {
    for (const world of worlds.splice(0)) await world.close();
    await dir.remove();
  });

  it('records the master tenant as the root of the tenant tree, once', async () => {
    const first = await start(ADMIN_TOKEN);
    expect(first.world.readModels.tenants.list()).toEqual([
      { tenantUuid: MASTER, parentUuid: null, name: 'master' },
    ]);
    await stop(first.world);
    const again = await start(ADMIN_TOKEN);
    expect(again.head).toBe(first.head);
    expect(again.world.readModels.tenants.list()).toHaveLength(1);
  });

  describe('with PROVD_ADMIN_TOKEN', () => {
    it('records it as a master-tenant provd.# token without expiry, then never again', async () => {
      const first = await start(ADMIN_TOKEN);
      expect(first.result.outcome).toBe('recorded');
      expect(first.printed).toEqual([]);
      const [token, ...others] = first.world.readModels.tokens.list();
      expect(others).toEqual([]);
      expect(token).toMatchObject({
        tenantUuid: MASTER,
        acls: ['provd.#'],
        label: ADMIN_TOKEN_LABEL,
        expiresAt: null,
      });
      expect(await first.backend.identify(ADMIN_TOKEN)).toEqual({
        tokenId: token!.tokenId,
        tenantUuid: MASTER,
      });
      expect(await log(first.world)).not.toContain(ADMIN_TOKEN);
      expect(JSON.stringify(first.logger.lines)).not.toContain(ADMIN_TOKEN);
      await stop(first.world);

      const restarted = await start(ADMIN_TOKEN);
      expect(restarted.result.outcome).toBe('unchanged');
      expect(restarted.head).toBe(first.head);
      expect(await restarted.backend.identify(ADMIN_TOKEN)).toBeDefined();
    });

    it('does not bring a revoked admin token back, and says so', async () => {
      const first = await start(ADMIN_TOKEN);
      if (first.result.outcome !== 'recorded') throw new Error('expected the token to be recorded');
      await runTokenCommand(
        first.world.store,
        { type: 'RevokeToken', tokenId: first.result.tokenId },
        { source: 'cli' },
      );
      const head = await first.world.store.headPosition();
      await stop(first.world);

      const restarted = await start(ADMIN_TOKEN);
      expect(restarted.head).toBe(head);
      expect(await restarted.backend.identify(ADMIN_TOKEN)).toBeUndefined();
      expect(restarted.logger.lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringMatching(/revoked/) }),
      );
    });

    it('is recorded even when other tokens exist, and a new value is a new token', async () => {
      const first = await start();
      expect(first.result.outcome).toBe('generated');
      await stop(first.world);
      const withEnv = await start(ADMIN_TOKEN);
      expect(withEnv.result.outcome).toBe('recorded');
      await stop(withEnv.world);
      const other = await start(`${ADMIN_TOKEN}-rotated`);
      expect(other.result.outcome).toBe('recorded');
      expect(other.world.readModels.tokens.count()).toBe(3);
      expect(await other.backend.identify(ADMIN_TOKEN)).toBeDefined();
    });

    it('is recorded once when two starts race (same derived token id)', async () => {
      const world = await openAuthWorld(file);
      worlds.push(world);
      await bootstrapSettings(world.store, { baseRawConfig: {}, masterTenant: MASTER });
      await world.settle();
      const options = {
        store: world.store,
        // Both read the read model before either appended.
        readModels: world.readModels,
        adminToken: ADMIN_TOKEN,
        masterTenant: MASTER,
        clock: clock.now,
        random: countingRandom(),
        logger: recordingLogger(),
      };
      const results = await Promise.all([bootstrapAdminToken(options), bootstrapAdminToken(options)]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['recorded', 'unchanged']);
      await world.settle();
      expect(world.readModels.tokens.byHash(hashSecret(ADMIN_TOKEN))).toHaveLength(1);
    });

    it('warns about a short value, without logging it', async () => {
      const { logger } = await start('short-secret');
      expect(logger.lines).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringMatching(/short/) }),
      );
      expect(JSON.stringify(logger.lines)).not.toContain('short-secret');
    });
  });

  describe('without PROVD_ADMIN_TOKEN', () => {
    it('generates a token on the first start, prints it once and keeps only its hash', async () => {
      const first = await start();
      expect(first.result.outcome).toBe('generated');
      expect(first.printed).toHaveLength(1);
      const secret = /: (\S+)$/.exec(first.printed[0]!)?.[1];
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(first.printed[0]).toMatch(/shown once/);

      const identity = await first.backend.identify(secret!);
      expect(identity).toEqual({ tokenId: expect.any(String), tenantUuid: MASTER });
      expect(await first.backend.authorize(secret!, MASTER, 'provd.dev_mgr.devices.read')).toBe(true);
      const stored = await log(first.world);
      expect(stored).not.toContain(secret);
      expect(stored).toContain(hashSecret(secret!));

      const warning = first.logger.lines.find((line) => line.level === 'warn');
      expect(warning?.message).toMatch(/shown only once/);
      expect(warning?.message).toMatch(/provd token create/);
      expect(warning?.message).toMatch(/provd token revoke/);
      expect(JSON.stringify(first.logger.lines)).not.toContain(secret);
      await stop(first.world);

      const restarted = await start();
      expect(restarted.result.outcome).toBe('unchanged');
      expect(restarted.printed).toEqual([]);
      expect(restarted.logger.lines).toEqual([]);
      expect(restarted.head).toBe(first.head);
      expect(await restarted.backend.identify(secret!)).toEqual(identity);
    });

    it('generates nothing when a token exists already, even a revoked one', async () => {
      const world = await openAuthWorld(file);
      worlds.push(world);
      await bootstrapSettings(world.store, { baseRawConfig: {}, masterTenant: MASTER });
      const { tokenId } = await mustToken(world.store, { tenantUuid: MASTER }, clock.now, countingRandom());
      await runTokenCommand(world.store, { type: 'RevokeToken', tokenId }, { source: 'cli' });
      await stop(world);

      const started = await start();
      expect(started.result.outcome).toBe('unchanged');
      expect(started.printed).toEqual([]);
    });
  });
});
