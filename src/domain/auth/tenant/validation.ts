import * as E from 'fp-ts/lib/Either.js';
import { type DomainError, domainError } from '../../shared/errors.js';
import { invalidIdMessage, isValidDocumentId } from '../../shared/ids.js';
import type { CreateTenant } from './commands.js';

const CONTROL = /\p{Cc}/u;
const MAX_NAME = 128;

const refuse = (message: string): E.Either<DomainError, never> => E.left(domainError('validation', message));

/**
 * Tenant uuids end up in stream names, ACLs (`{tenant_uuid}`) and Wazo-Tenant headers: the
 * document-id alphabet keeps them safe in all three. Names are for people: trimmed, not blank.
 */
export const checkNewTenant = (command: CreateTenant): E.Either<DomainError, CreateTenant> => {
  const { tenantUuid, parentUuid, name } = command;
  if (!isValidDocumentId(tenantUuid)) return refuse(invalidIdMessage(tenantUuid));
  if (parentUuid !== null && !isValidDocumentId(parentUuid)) {
    return refuse(`invalid parent: ${invalidIdMessage(parentUuid)}`);
  }
  if (parentUuid === tenantUuid) return refuse('a tenant cannot be its own parent');
  const trimmed = name.trim();
  if (trimmed === '') return refuse('a tenant needs a name');
  if (trimmed.length > MAX_NAME || CONTROL.test(trimmed)) {
    return refuse(`a tenant name is at most ${MAX_NAME} characters, without control characters`);
  }
  return E.right({ ...command, name: trimmed });
};
