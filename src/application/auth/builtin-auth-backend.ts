import { isActiveToken, type TokenRecord } from '../../projections/auth/token-read-model.js';
import type { ReadModels } from '../../projections/read-models.js';
import { hasAccess } from './acl.js';
import type { AuthBackend } from './auth-backend.js';
import { hashSecret } from './token-secret.js';

export interface BuiltinAuthOptions {
  /** Kept current by the server's projection runner. */
  readonly readModels: Pick<ReadModels, 'tokens' | 'tenants' | 'settings'>;
  readonly clock: () => Date;
}

/**
 * Authentication against tokens and tenants recorded in our own log (`provd token …`,
 * `provd tenant …`). A request's token is looked up by the sha256 of what it presents; it
 * authenticates while neither revoked nor expired and while its tenant exists. It may act on its
 * tenant and every tenant below it, with the ACLs it was granted (Wazo semantics).
 */
export const createBuiltinAuthBackend = ({ readModels, clock }: BuiltinAuthOptions): AuthBackend => {
  const { tokens, tenants, settings } = readModels;

  /** The master tenant counts even before its TenantCreated is recorded (first start). */
  const tenantExists = (tenantUuid: string): boolean =>
    tenants.get(tenantUuid) !== undefined || tenantUuid === settings.masterTenant();

  const subtreeOf = (tenantUuid: string): string[] => {
    const tree = tenants.subtree(tenantUuid);
    return tree.length === 0 && tenantUuid === settings.masterTenant() ? [tenantUuid] : tree;
  };

  // The lookup is by hash: an attacker timing it learns about hashes of their guesses, not about
  // the secret, so no constant-time comparison is needed.
  const activeToken = (secret: string): TokenRecord | undefined => {
    const now = clock();
    return tokens
      .byHash(hashSecret(secret))
      .find((token) => isActiveToken(token, now) && tenantExists(token.tenantUuid));
  };

  return {
    identify: async (secret) => {
      const token = activeToken(secret);
      return token === undefined ? undefined : { tokenId: token.tokenId, tenantUuid: token.tenantUuid };
    },
    authorize: async (secret, tenantUuid, acl) => {
      const token = activeToken(secret);
      if (token === undefined) return false;
      if (!subtreeOf(token.tenantUuid).includes(tenantUuid)) return false;
      return acl === undefined || hasAccess(token.acls, acl);
    },
    subtree: async (tenantUuid) => subtreeOf(tenantUuid),
    // The log's master tenant (settings) stays authoritative: nothing external decides it.
    masterTenant: async () => undefined,
  };
};
