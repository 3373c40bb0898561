import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import type { ReadModels } from '../../projections/read-models.js';
import { issueToken } from './issue-token.js';
import { adminTokenId, hashSecret, type RandomBytes } from './token-secret.js';

/** The subset of a pino logger bootstrapping uses. */
export interface AuthLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export const ADMIN_TOKEN_LABEL = 'admin (PROVD_ADMIN_TOKEN)';
export const GENERATED_TOKEN_LABEL = 'admin (generated at first start)';
export const ADMIN_ACLS: readonly string[] = ['provd.#'];

/** Below this, an operator-chosen secret may be guessable from its (unsalted, fast) hash. */
const SHORT_SECRET = 32;

const SYSTEM: EventMetadata = { source: 'system' };

export interface BootstrapAdminTokenOptions {
  readonly store: EventStore;
  /** Must have caught up with the log: whether a token exists is read there. */
  readonly readModels: Pick<ReadModels, 'tokens'>;
  /** PROVD_ADMIN_TOKEN; unset or empty: a token is generated when there is none at all. */
  readonly adminToken?: string | undefined;
  readonly masterTenant: string;
  readonly clock: () => Date;
  readonly random: RandomBytes;
  readonly logger: AuthLogger;
  /** Where the generated secret is shown, once (default: a line on standard output). */
  readonly print?: (line: string) => void;
}

export type BootstrapAdminTokenResult =
  | { readonly outcome: 'unchanged'; readonly position: undefined }
  | { readonly outcome: 'recorded' | 'generated'; readonly tokenId: string; readonly position: number };

const unchanged: BootstrapAdminTokenResult = { outcome: 'unchanged', position: undefined };

const stdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * The first way into the admin API. With PROVD_ADMIN_TOKEN set, that secret is recorded (by its
 * hash) as a master-tenant `provd.#` token unless a token with that hash already exists — revoked
 * included: revoking it must stick across restarts. Without it, and only while no token exists
 * at all, a token is generated and its secret printed this once; only its hash is kept, so it
 * can never be shown again. Restarts write nothing. The secret is never logged.
 */
export const bootstrapAdminToken = async (
  options: BootstrapAdminTokenOptions,
): Promise<BootstrapAdminTokenResult> => {
  const { store, readModels, masterTenant, clock, random, logger } = options;
  const adminToken = options.adminToken === '' ? undefined : options.adminToken;
  const request = { tenantUuid: masterTenant, acls: ADMIN_ACLS, expiresAt: null };

  if (adminToken !== undefined) {
    const secretHash = hashSecret(adminToken);
    const existing = readModels.tokens.byHash(secretHash);
    if (existing.length > 0) {
      if (existing.every((token) => token.revokedAt !== null)) {
        logger.warn(
          { tokenId: existing[0]!.tokenId },
          'PROVD_ADMIN_TOKEN was revoked: it does not authenticate; choose another value to record a new one',
        );
      }
      return unchanged;
    }
    if (adminToken.length < SHORT_SECRET) {
      logger.warn(
        { length: adminToken.length },
        `PROVD_ADMIN_TOKEN is short: use at least ${SHORT_SECRET} random characters (e.g. openssl rand -base64 32)`,
      );
    }
    const result = await issueToken(
      store,
      { ...request, label: ADMIN_TOKEN_LABEL },
      { clock, random, metadata: SYSTEM, secret: adminToken, tokenId: adminTokenId(secretHash) },
    );
    if (E.isLeft(result)) {
      // Another server recorded it between our read and our append.
      if (result.left.code === 'already_exists') return unchanged;
      throw new Error(`cannot record PROVD_ADMIN_TOKEN: ${result.left.message}`);
    }
    const { tokenId, position } = result.right;
    logger.info({ tokenId, acls: ADMIN_ACLS, tenant: masterTenant }, 'PROVD_ADMIN_TOKEN recorded');
    return { outcome: 'recorded', tokenId, position: position! };
  }

  if (readModels.tokens.count() > 0) return unchanged;
  const result = await issueToken(
    store,
    { ...request, label: GENERATED_TOKEN_LABEL },
    { clock, random, metadata: SYSTEM },
  );
  if (E.isLeft(result)) throw new Error(`cannot create the first admin token: ${result.left.message}`);
  const { tokenId, secret, position } = result.right;
  (options.print ?? stdoutLine)(`provd admin token (shown once, store it now): ${secret}`);
  logger.warn(
    { tokenId, acls: ADMIN_ACLS, tenant: masterTenant },
    'generated the first admin token and printed it on standard output; it is shown only once, ' +
      'provd keeps only its hash. Create tokens with `provd token create`, revoke this one with ' +
      '`provd token revoke <id>`, or set PROVD_ADMIN_TOKEN to choose the admin token yourself',
  );
  return { outcome: 'generated', tokenId, position: position! };
};
