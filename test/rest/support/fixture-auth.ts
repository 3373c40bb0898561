import { hasAccess } from '../../../src/application/auth/acl.js';
import type { AuthBackend, TokenIdentity } from '../../../src/application/auth/auth-backend.js';

/** The tenants of provd's integration tests (provd-spec §8): MAIN is the master tenant. */
export const MAIN = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee1';
export const SUB1 = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee2';
export const SUB2 = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee3';

export const MULTITENANT_TOKEN = 'valid-token-multitenant';
/** A token of MAIN that may not act on its sub-tenants (as provd's `valid-token`). */
export const VALID_TOKEN = 'valid-token';
export const INVALID_TOKEN = 'invalid-token';

interface FixtureToken {
  readonly tenant: string;
  readonly acls: readonly string[];
  /** Tenants the token may act on besides its own. */
  readonly reach: 'subtree' | 'own';
}

/**
 * An in-process AuthBackend holding provd's test fixture, for the HTTP-level tests of the API
 * (the wazo-auth adapter has its own tests against a wazo-auth stand-in over real sockets).
 */
export class FixtureAuth implements AuthBackend {
  readonly tokens = new Map<string, FixtureToken>([
    [MULTITENANT_TOKEN, { tenant: MAIN, acls: ['provd.#'], reach: 'subtree' }],
    [VALID_TOKEN, { tenant: MAIN, acls: ['provd.#'], reach: 'own' }],
  ]);
  readonly parents = new Map<string, string | null>([
    [MAIN, null],
    [SUB1, MAIN],
    [SUB2, MAIN],
  ]);

  addToken(
    token: string,
    tenant: string,
    acls: readonly string[],
    reach: FixtureToken['reach'] = 'subtree',
  ): void {
    this.tokens.set(token, { tenant, acls, reach });
  }

  addTenant(tenant: string, parent: string): void {
    this.parents.set(tenant, parent);
  }

  async identify(token: string): Promise<TokenIdentity | undefined> {
    const found = this.tokens.get(token);
    return found && { tokenId: `id-${token}`, tenantUuid: found.tenant };
  }

  async authorize(token: string, tenantUuid: string, acl?: string): Promise<boolean> {
    const found = this.tokens.get(token);
    if (found === undefined) return false;
    const reachable = found.reach === 'own' ? [found.tenant] : await this.subtree(found.tenant);
    if (!reachable.includes(tenantUuid)) return false;
    return acl === undefined || hasAccess(found.acls, acl);
  }

  async subtree(tenantUuid: string): Promise<readonly string[]> {
    const result = [tenantUuid];
    for (let i = 0; i < result.length; i++) {
      for (const [child, parent] of this.parents) if (parent === result[i]) result.push(child);
    }
    return result;
  }

  async masterTenant(): Promise<string> {
    return MAIN;
  }
}
