import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type DomainError, domainError } from '../../shared/errors.js';
import type { TokenCommand } from './commands.js';
import type { TokenEvent } from './events.js';
import type { TokenState } from './state.js';
import { checkNewToken } from './validation.js';

type Decision = E.Either<DomainError, readonly TokenEvent[]>;

/** A token is created once and revoked at most once; revoking again is a retry, not an error. */
export const decideToken = (command: TokenCommand, state: TokenState): Decision => {
  switch (command.type) {
    case 'CreateToken': {
      if (state.token !== undefined) {
        return E.left(domainError('already_exists', `token ${command.tokenId} already exists`));
      }
      return pipe(
        checkNewToken(command),
        // Field by field: whatever else a caller's object carries must not reach the log.
        E.map(
          ({ tokenId, secretHash, tenantUuid, acls, label, expiresAt, createdAt }): readonly TokenEvent[] => [
            {
              type: 'TokenCreated',
              data: { tokenId, secretHash, tenantUuid, acls: [...acls], label, expiresAt, createdAt },
            },
          ],
        ),
      );
    }
    case 'RevokeToken':
      if (state.token === undefined) {
        return E.left(domainError('not_found', `no token ${command.tokenId}`));
      }
      return E.right(state.revoked ? [] : [{ type: 'TokenRevoked', data: { tokenId: command.tokenId } }]);
  }
};
