import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/** A token as listings show it: never its secret, nor the secret's hash. */
export interface TokenRecord {
  readonly tokenId: string;
  readonly tenantUuid: string;
  readonly acls: readonly string[];
  readonly label: string;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  /** When it was revoked; null while it is not. */
  readonly revokedAt: string | null;
}

interface Row {
  token_id: string;
  tenant_uuid: string;
  acls: string;
  label: string;
  expires_at: string | null;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = 'token_id, tenant_uuid, acls, label, expires_at, created_at, revoked_at';

const toRecord = (row: Row): TokenRecord => ({
  tokenId: row.token_id,
  tenantUuid: row.tenant_uuid,
  acls: JSON.parse(row.acls) as string[],
  label: row.label,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** Whether the token still authenticates at `now`: not revoked, not expired. */
export const isActiveToken = (token: TokenRecord, now: Date): boolean =>
  token.revokedAt === null && (token.expiresAt === null || Date.parse(token.expiresAt) > now.getTime());

export class TokenReadModel {
  constructor(private readonly db: ReadModelDb) {}

  /** Tokens whose secret hashes to `secretHash`, revoked and expired ones included, oldest first. */
  byHash(secretHash: string): TokenRecord[] {
    return (
      prepared(this.db, `SELECT ${COLUMNS} FROM auth_tokens WHERE secret_hash = ? ORDER BY rowid`).all(
        secretHash,
      ) as Row[]
    ).map(toRecord);
  }

  get(tokenId: string): TokenRecord | undefined {
    const row = prepared(this.db, `SELECT ${COLUMNS} FROM auth_tokens WHERE token_id = ?`).get(tokenId) as
      | Row
      | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Every token ever created, in creation order. */
  list(): TokenRecord[] {
    return (prepared(this.db, `SELECT ${COLUMNS} FROM auth_tokens ORDER BY rowid`).all() as Row[]).map(
      toRecord,
    );
  }

  /** The tokens of one tenant, in creation order. */
  ofTenant(tenantUuid: string): TokenRecord[] {
    return (
      prepared(this.db, `SELECT ${COLUMNS} FROM auth_tokens WHERE tenant_uuid = ? ORDER BY rowid`).all(
        tenantUuid,
      ) as Row[]
    ).map(toRecord);
  }

  /** How many tokens were ever created, revoked ones included. */
  count(): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM auth_tokens').get() as { n: number }).n;
  }
}
