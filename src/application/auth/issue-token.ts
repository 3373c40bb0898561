import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { runTokenCommand } from '../aggregates.js';
import type { HandleError } from '../command-handler.js';
import { hashSecret, newSecret, newTokenId, type RandomBytes } from './token-secret.js';

export interface TokenRequest {
  readonly tenantUuid: string;
  readonly acls: readonly string[];
  readonly label: string;
  readonly expiresAt: Date | null;
}

export interface IssuedToken {
  readonly tokenId: string;
  /** Handed to the caller once; only its hash is recorded. */
  readonly secret: string;
  readonly position: number | undefined;
}

/**
 * Creates a token: a random id and secret, the secret's hash recorded with the clock's time.
 * `secret` and `tokenId` may be given (PROVD_ADMIN_TOKEN); they are generated otherwise.
 */
export const issueToken = async (
  store: EventStore,
  request: TokenRequest,
  deps: {
    readonly clock: () => Date;
    readonly random: RandomBytes;
    readonly metadata: EventMetadata;
    readonly secret?: string;
    readonly tokenId?: string;
  },
): Promise<E.Either<HandleError, IssuedToken>> => {
  const secret = deps.secret ?? newSecret(deps.random);
  const tokenId = deps.tokenId ?? newTokenId(deps.random);
  const result = await runTokenCommand(
    store,
    {
      type: 'CreateToken',
      tokenId,
      secretHash: hashSecret(secret),
      tenantUuid: request.tenantUuid,
      acls: request.acls,
      label: request.label,
      expiresAt: request.expiresAt === null ? null : request.expiresAt.toISOString(),
      createdAt: deps.clock().toISOString(),
    },
    deps.metadata,
  );
  return E.map(({ position }: { position: number | undefined }) => ({ tokenId, secret, position }))(result);
};
