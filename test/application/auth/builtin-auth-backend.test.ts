import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTokenCommand } from '../../../src/application/aggregates.js';
import type { AuthBackend } from '../../../src/application/auth/auth-backend.js';
import { createBuiltinAuthBackend } from '../../../src/application/auth/builtin-auth-backend.js';
import { hashSecret } from '../../../src/application/auth/token-secret.js';
import { bootstrapSettings } from '../../../src/application/bootstrap-settings.js';
import { tenantStream } from '../../../src/domain/streams.js';
import { appendEvents } from '../../projections/support/append-events.js';
import { ManualClock } from '../../support/manual-clock.js';
import { type AuthWorld, CLI, countingRandom, mustTenant, mustToken, openAuthWorld } from './support.js';

const MASTER = 'c0ffee00-0000-4000-8000-000000000001';

/**
 *   MASTER
 *   ├── A
 *   │   └── A1
 *   │       └── A11
 *   └── B
 */
describe('BuiltinAuthBackend', () => {
  let world: AuthWorld;
  let clock: ManualClock;
  let backend: AuthBackend;
  const random = countingRandom();
  const token = (request: Parameters<typeof mustToken>[1]) =>
    mustToken(world.store, request, clock.now, random);

  beforeEach(async () => {
    world = await openAuthWorld();
    clock = new ManualClock();
    await bootstrapSettings(world.store, { baseRawConfig: {}, masterTenant: MASTER });
    await mustTenant(world.store, MASTER, null, 'master');
    await mustTenant(world.store, 'A', MASTER);
    await mustTenant(world.store, 'A1', 'A');
    await mustTenant(world.store, 'A11', 'A1');
    await mustTenant(world.store, 'B', MASTER);
    backend = createBuiltinAuthBackend({ readModels: world.readModels, clock: clock.now });
  });
  afterEach(async () => {
    await world.close();
  });

  describe('identify', () => {
    it('knows a valid token by its secret', async () => {
      const { tokenId, secret } = await token({ tenantUuid: 'A' });
      await world.settle();
      expect(await backend.identify(secret)).toEqual({ tokenId, tenantUuid: 'A' });
    });

    it('does not know an unknown secret, nor the hash or id of a valid one', async () => {
      const { tokenId } = await token({ tenantUuid: 'A' });
      await world.settle();
      expect(await backend.identify('no-such-secret')).toBeUndefined();
      expect(await backend.identify('')).toBeUndefined();
      expect(await backend.identify(tokenId)).toBeUndefined();
    });

    it('forgets a revoked token', async () => {
      const { tokenId, secret } = await token({ tenantUuid: 'A' });
      await world.settle();
      expect(await backend.identify(secret)).toBeDefined();
      const revoked = await runTokenCommand(world.store, { type: 'RevokeToken', tokenId }, CLI);
      expect(E.isRight(revoked)).toBe(true);
      await world.settle();
      expect(await backend.identify(secret)).toBeUndefined();
      expect(await backend.authorize(secret, 'A')).toBe(false);
    });

    it('forgets a token once its expiry is reached, by the injected clock', async () => {
      const { secret } = await token({
        tenantUuid: 'A',
        expiresAt: new Date(clock.now().getTime() + 3_600_000),
      });
      await world.settle();
      clock.advance(3_600_000 - 1);
      expect(await backend.identify(secret)).toBeDefined();
      expect(await backend.authorize(secret, 'A')).toBe(true);
      clock.advance(1);
      expect(await backend.identify(secret)).toBeUndefined();
      expect(await backend.authorize(secret, 'A')).toBe(false);
    });

    it('refuses a token whose tenant is not in the tree, except the master tenant', async () => {
      const { secret: orphan } = await token({ tenantUuid: 'A' });
      const { secret: master } = await token({ tenantUuid: MASTER });
      // A log where A disappeared (hand-edited: the decider refuses to delete a tenant with tokens).
      await appendEvents(world.store, tenantStream('A'), [
        { type: 'TenantDeleted', data: { tenantUuid: 'A' } },
      ]);
      await appendEvents(world.store, tenantStream(MASTER), [
        { type: 'TenantDeleted', data: { tenantUuid: MASTER } },
      ]);
      await world.settle();
      expect(await backend.identify(orphan)).toBeUndefined();
      expect(await backend.identify(master)).toMatchObject({ tenantUuid: MASTER });
    });
  });

  describe('authorize', () => {
    it('lets a token act on its own tenant and every tenant below it, not beside or above', async () => {
      const { secret } = await token({ tenantUuid: 'A' });
      await world.settle();
      expect(await backend.authorize(secret, 'A')).toBe(true);
      expect(await backend.authorize(secret, 'A1')).toBe(true);
      expect(await backend.authorize(secret, 'A11')).toBe(true);
      expect(await backend.authorize(secret, 'B')).toBe(false);
      expect(await backend.authorize(secret, MASTER)).toBe(false);
      expect(await backend.authorize(secret, 'unknown')).toBe(false);
    });

    it('lets a master-tenant token act everywhere', async () => {
      const { secret } = await token({ tenantUuid: MASTER });
      await world.settle();
      for (const tenant of [MASTER, 'A', 'A1', 'A11', 'B'])
        expect(await backend.authorize(secret, tenant)).toBe(true);
    });

    it('checks the required ACL with Wazo semantics: granted, not granted, negated', async () => {
      const { secret } = await token({
        tenantUuid: 'A',
        acls: ['provd.dev_mgr.#', '!provd.dev_mgr.devices.*.delete'],
      });
      const { secret: admin } = await token({ tenantUuid: 'A', acls: ['provd.#'] });
      await world.settle();
      expect(await backend.authorize(secret, 'A', 'provd.dev_mgr.devices.read')).toBe(true);
      expect(await backend.authorize(secret, 'A1', 'provd.dev_mgr.devices.d1.update')).toBe(true);
      expect(await backend.authorize(secret, 'A', 'provd.pg_mgr.plugins.read')).toBe(false);
      expect(await backend.authorize(secret, 'A', 'provd.dev_mgr.devices.d1.delete')).toBe(false);
      expect(await backend.authorize(admin, 'A', 'provd.dev_mgr.devices.d1.delete')).toBe(true);
      // The ACL does not widen the tenants a token may act on.
      expect(await backend.authorize(admin, 'B', 'provd.dev_mgr.devices.read')).toBe(false);
    });

    it('refuses an unknown token whatever the tenant and ACL', async () => {
      expect(await backend.authorize('nope', MASTER)).toBe(false);
      expect(await backend.authorize('nope', MASTER, 'provd.status.read')).toBe(false);
    });
  });

  describe('subtree', () => {
    it('is the tenant first, then everything below it', async () => {
      await world.settle();
      expect(await backend.subtree(MASTER)).toEqual([MASTER, 'A', 'B', 'A1', 'A11']);
      expect(await backend.subtree('A')).toEqual(['A', 'A1', 'A11']);
      expect(await backend.subtree('B')).toEqual(['B']);
      expect(await backend.subtree('unknown')).toEqual([]);
    });

    it('makes the master tenant its own root before its TenantCreated is recorded', async () => {
      const bare = await openAuthWorld();
      try {
        await bootstrapSettings(bare.store, { baseRawConfig: {}, masterTenant: MASTER });
        const { secret } = await mustToken(bare.store, { tenantUuid: MASTER }, clock.now, random);
        await bare.settle();
        const early = createBuiltinAuthBackend({ readModels: bare.readModels, clock: clock.now });
        expect(await early.subtree(MASTER)).toEqual([MASTER]);
        expect(await early.authorize(secret, MASTER, 'provd.status.read')).toBe(true);
      } finally {
        await bare.close();
      }
    });
  });

  it('leaves the master tenant to the log', async () => {
    expect(await backend.masterTenant()).toBeUndefined();
  });

  it('finds what the log holds: the hash of the secret, never the secret', async () => {
    const { secret } = await token({ tenantUuid: 'A' });
    const log: string[] = [];
    for await (const event of world.store.readAll()) log.push(JSON.stringify(event));
    expect(log.join('\n')).not.toContain(secret);
    expect(log.join('\n')).toContain(hashSecret(secret));
  });
});
