import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/** Built-in API tokens: looked up by the hash of the secret a request presents, listed by the CLI. */
export const tokensProjection: Projection = {
  name: 'auth-tokens',
  version: 1,
  setup(db: ReadModelDb): void {
    db.exec(`CREATE TABLE IF NOT EXISTS auth_tokens (
      token_id TEXT PRIMARY KEY,
      secret_hash TEXT NOT NULL,
      tenant_uuid TEXT NOT NULL,
      acls TEXT NOT NULL,
      label TEXT NOT NULL,
      expires_at TEXT,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    )`);
    // Not UNIQUE: a read model must not refuse the log, whatever two tokens it holds.
    db.exec('CREATE INDEX IF NOT EXISTS auth_tokens_secret_hash ON auth_tokens (secret_hash)');
    db.exec('CREATE INDEX IF NOT EXISTS auth_tokens_tenant ON auth_tokens (tenant_uuid)');
  },
  reset(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS auth_tokens');
  },
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    switch (event.type) {
      // An upsert: the decider never creates an id twice, but a read model must not refuse the log.
      case 'TokenCreated': {
        const { tokenId, secretHash, tenantUuid, acls, label, expiresAt, createdAt } = event.data;
        prepared(
          db,
          `INSERT INTO auth_tokens
             (token_id, secret_hash, tenant_uuid, acls, label, expires_at, created_at, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
           ON CONFLICT (token_id) DO UPDATE SET
             secret_hash = excluded.secret_hash, tenant_uuid = excluded.tenant_uuid, acls = excluded.acls,
             label = excluded.label, expires_at = excluded.expires_at, created_at = excluded.created_at,
             revoked_at = NULL`,
        ).run(tokenId, secretHash, tenantUuid, JSON.stringify(acls), label, expiresAt, createdAt);
        return;
      }
      case 'TokenRevoked':
        // The recorded time: the event carries no instant of its own, and a rebuild sees the same.
        prepared(db, 'UPDATE auth_tokens SET revoked_at = ? WHERE token_id = ?').run(
          event.recordedAt.toISOString(),
          event.data.tokenId,
        );
        return;
    }
  },
};
