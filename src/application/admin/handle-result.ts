import * as E from 'fp-ts/lib/Either.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import type { Handled, HandleError } from '../command-handler.js';
import { AdminError } from './admin-context.js';

/**
 * A command's outcome as the admin services need it: what was appended, or the refusal as an
 * AdminError. A conflict under If-Match is `stale` (412); otherwise retries ran out (409).
 */
export const unwrap = <Ev extends DomainEvent>(
  result: E.Either<HandleError, Handled<Ev>>,
  ifMatch?: number,
): Handled<Ev> => {
  if (E.isRight(result)) return result.right;
  const { code, message } = result.left;
  switch (code) {
    case 'not_found':
      throw new AdminError('not_found', 'No such resource');
    case 'not_deletable':
      throw new AdminError('forbidden', message);
    case 'conflict':
      throw new AdminError(ifMatch === undefined ? 'conflict' : 'stale', message);
    default:
      throw new AdminError('invalid', message);
  }
};
