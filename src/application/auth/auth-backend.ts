/**
 * Who may call the admin API. Two implementations: the built-in one (tokens and tenants are
 * events in our own log) and wazo-auth (a Wazo platform's authentication server). The REST
 * layer only asks these questions, in provd's order (provd-spec §1.3–§1.4): is there such a
 * token and what is its tenant; may it act on this tenant with this ACL; which tenants lie
 * below a tenant.
 */
export interface TokenIdentity {
  /** Opaque id of the token for audit metadata (never the token itself). */
  readonly tokenId: string;
  /** The token's own tenant (wazo-auth's `metadata.tenant_uuid`). */
  readonly tenantUuid: string;
  readonly userUuid?: string;
}

export interface AuthBackend {
  /** The token's identity, or undefined when the token is unknown, revoked or expired. */
  identify(token: string): Promise<TokenIdentity | undefined>;
  /**
   * Whether the token may act on `tenantUuid` (its own tenant or one below it) and, when `acl`
   * is given, is granted that ACL (Wazo ACL semantics, see acl.ts).
   */
  authorize(token: string, tenantUuid: string, acl?: string): Promise<boolean>;
  /** `tenantUuid` and every tenant below it, `tenantUuid` first. */
  subtree(tenantUuid: string): Promise<readonly string[]>;
  /**
   * The tenant of provd's own identity: where phones' new devices live (provd-spec §4.1).
   * Undefined when the backend does not decide it (built-in: the log's master tenant is kept).
   */
  masterTenant(): Promise<string | undefined>;
  /**
   * Every tenant that exists, for the periodic clean-up of deleted tenants' devices (provd's
   * syncdb). Must throw rather than answer a partial list. Absent: the backend keeps provd's
   * tenants itself and never deletes one that still has devices.
   */
  allTenants?(): Promise<readonly string[]>;
  close?(): Promise<void>;
}

/** The authentication server could not be asked (down, timeout, bad answer). */
export class AuthUnavailableError extends Error {
  override readonly name = 'AuthUnavailableError';
}
