import { afterEach, describe, expect, it } from 'vitest';
import type { TokenFields } from '../../../src/domain/auth/token/events.js';
import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import { tenantStream, tokenStream } from '../../../src/domain/streams.js';
import { isActiveToken } from '../../../src/projections/auth/token-read-model.js';
import { appendAll } from '../support/append-events.js';
import { type Harness, newHarness } from '../support/harness.js';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.runner.stop();
    h.db.close();
  }
});

const built = async (steps: readonly (readonly [string, DomainEvent])[]): Promise<Harness> => {
  const h = newHarness();
  open.push(h);
  await appendAll(h.store, steps);
  await h.runner.catchUp();
  return h;
};

const tenant = (tenantUuid: string, parentUuid: string | null, name = tenantUuid) =>
  [tenantStream(tenantUuid), { type: 'TenantCreated', data: { tenantUuid, parentUuid, name } }] as const;
const tenantDeleted = (tenantUuid: string) =>
  [tenantStream(tenantUuid), { type: 'TenantDeleted', data: { tenantUuid } }] as const;

const fields = (tokenId: string, more: Partial<TokenFields> = {}): TokenFields => ({
  tokenId,
  secretHash: tokenId.padEnd(64, '0'),
  tenantUuid: 'm',
  acls: ['provd.#'],
  label: `label ${tokenId}`,
  expiresAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...more,
});
const token = (tokenId: string, more: Partial<TokenFields> = {}) =>
  [tokenStream(tokenId), { type: 'TokenCreated', data: fields(tokenId, more) }] as const;
const tokenRevoked = (tokenId: string) =>
  [tokenStream(tokenId), { type: 'TokenRevoked', data: { tokenId } }] as const;

/**
 *        m
 *      /   \
 *     a     b
 *    / \     \
 *   a1  a2    b1
 *   |
 *  a11
 */
const TREE = [
  tenant('m', null, 'master'),
  tenant('b', 'm'),
  tenant('a', 'm'),
  tenant('a2', 'a'),
  tenant('a1', 'a'),
  tenant('b1', 'b'),
  tenant('a11', 'a1'),
];

describe('tenants read model', () => {
  it('gives a subtree with the tenant first, nearest tenants next', async () => {
    const { models } = await built(TREE);
    expect(models.tenants.subtree('m')).toEqual(['m', 'a', 'b', 'a1', 'a2', 'b1', 'a11']);
    expect(models.tenants.subtree('a')).toEqual(['a', 'a1', 'a2', 'a11']);
    expect(models.tenants.subtree('b1')).toEqual(['b1']);
    expect(models.tenants.subtree('unknown')).toEqual([]);
  });

  it('gives the ancestors from the parent up to the root', async () => {
    const { models } = await built(TREE);
    expect(models.tenants.ancestors('a11')).toEqual(['a1', 'a', 'm']);
    expect(models.tenants.ancestors('b')).toEqual(['m']);
    expect(models.tenants.ancestors('m')).toEqual([]);
    expect(models.tenants.ancestors('unknown')).toEqual([]);
  });

  it('lists in creation order, with children by uuid', async () => {
    const { models } = await built(TREE);
    expect(models.tenants.list().map((t) => t.tenantUuid)).toEqual(['m', 'b', 'a', 'a2', 'a1', 'b1', 'a11']);
    expect(models.tenants.get('m')).toEqual({ tenantUuid: 'm', parentUuid: null, name: 'master' });
    expect(models.tenants.children('a')).toEqual(['a1', 'a2']);
  });

  it('forgets a deleted tenant; re-created, it is back in the tree', async () => {
    const { models } = await built([...TREE, tenantDeleted('b1')]);
    expect(models.tenants.get('b1')).toBeUndefined();
    expect(models.tenants.subtree('b')).toEqual(['b']);
    const again = await built([...TREE, tenantDeleted('b1'), tenant('b1', 'a', 'moved')]);
    expect(again.models.tenants.subtree('a')).toEqual(['a', 'a1', 'a2', 'b1', 'a11']);
    expect(again.models.tenants.get('b1')?.name).toBe('moved');
  });

  it('does not stop on a TenantCreated or TokenCreated the deciders would have refused', async () => {
    const h = await built([
      tenant('m', null),
      tenant('m', null, 'renamed'),
      token('t1'),
      token('t1', { label: 'again' }),
    ]);
    expect(h.runner.position()).toBe(await h.store.headPosition());
    expect(h.models.tenants.get('m')?.name).toBe('renamed');
    expect(h.models.tokens.list()).toEqual([expect.objectContaining({ tokenId: 't1', label: 'again' })]);
  });

  it('terminates on a parent cycle a corrupt log could hold', async () => {
    const { models } = await built([tenant('x', 'y'), tenant('y', 'x')]);
    expect(models.tenants.subtree('x')).toEqual(['x', 'y']);
    expect(models.tenants.ancestors('x')).toEqual(['y', 'x']);
  });
});

describe('tokens read model', () => {
  it('finds tokens by the hash of their secret, without exposing the hash', async () => {
    const { models } = await built([
      token('t1'),
      token('t2', { tenantUuid: 'a', acls: ['provd.dev_mgr.#'] }),
    ]);
    expect(models.tokens.byHash(fields('t2').secretHash)).toEqual([
      {
        tokenId: 't2',
        tenantUuid: 'a',
        acls: ['provd.dev_mgr.#'],
        label: 'label t2',
        expiresAt: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        revokedAt: null,
      },
    ]);
    expect(models.tokens.byHash('f'.repeat(64))).toEqual([]);
    expect(JSON.stringify(models.tokens.list())).not.toContain(fields('t1').secretHash);
  });

  it('lists in creation order, by tenant, and counts revoked tokens too', async () => {
    const { models } = await built([
      token('t2'),
      token('t1', { tenantUuid: 'a' }),
      token('t3'),
      tokenRevoked('t3'),
    ]);
    expect(models.tokens.list().map((t) => t.tokenId)).toEqual(['t2', 't1', 't3']);
    expect(models.tokens.ofTenant('m').map((t) => t.tokenId)).toEqual(['t2', 't3']);
    expect(models.tokens.count()).toBe(3);
    expect(models.tokens.get('t3')?.revokedAt).toMatch(/^2026-01-01T/);
    expect(models.tokens.get('t2')?.revokedAt).toBeNull();
    expect(models.tokens.get('nope')).toBeUndefined();
  });

  it('judges a token active while neither revoked nor expired', async () => {
    const { models } = await built([
      token('forever'),
      token('soon', { expiresAt: '2026-06-01T00:00:00.000Z' }),
      token('gone'),
      tokenRevoked('gone'),
    ]);
    const at = (iso: string, id: string) => isActiveToken(models.tokens.get(id)!, new Date(iso));
    expect(at('2030-01-01T00:00:00Z', 'forever')).toBe(true);
    expect(at('2026-05-31T23:59:59.999Z', 'soon')).toBe(true);
    expect(at('2026-06-01T00:00:00.000Z', 'soon')).toBe(false);
    expect(at('2026-01-01T00:00:00Z', 'gone')).toBe(false);
  });
});
