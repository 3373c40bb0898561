/**
 * A built-in API token. Only the sha256 of its secret is recorded: the log is copied, backed up
 * and replayed, so it must never hold anything that authenticates by itself.
 */
export interface TokenFields {
  readonly tokenId: string;
  /** Lowercase hex sha256 of the secret the client sends in X-Auth-Token. */
  readonly secretHash: string;
  /** The token's own tenant: it may act on it and every tenant below it. */
  readonly tenantUuid: string;
  /** Granted ACLs, Wazo syntax (`provd.#`, `!provd.pg_mgr.#`, …). */
  readonly acls: readonly string[];
  readonly label: string;
  /** ISO instant after which the token no longer authenticates; null: never expires. */
  readonly expiresAt: string | null;
  /** ISO instant given by the shell: expiry is judged against it, not the append time. */
  readonly createdAt: string;
}

export interface TokenCreated {
  readonly type: 'TokenCreated';
  readonly data: TokenFields;
}

export interface TokenRevoked {
  readonly type: 'TokenRevoked';
  readonly data: { readonly tokenId: string };
}

export type TokenEvent = TokenCreated | TokenRevoked;
export type TokenEventType = TokenEvent['type'];
