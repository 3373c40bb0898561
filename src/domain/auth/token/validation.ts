import * as E from 'fp-ts/lib/Either.js';
import { type DomainError, domainError } from '../../shared/errors.js';
import { invalidIdMessage, isValidDocumentId } from '../../shared/ids.js';
import { aclProblem } from '../acl-syntax.js';
import type { CreateToken } from './commands.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A full ISO-8601 instant as Date#toISOString writes it; other formats are the shell's to parse. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const CONTROL = /\p{Cc}/u;
const MAX_LABEL = 200;

const refuse = (message: string): E.Either<DomainError, never> => E.left(domainError('validation', message));

const isInstant = (value: string): boolean => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));

/** Everything a new token must satisfy on its own; uniqueness of the id is the stream's. */
export const checkNewToken = (command: CreateToken): E.Either<DomainError, CreateToken> => {
  const { tokenId, secretHash, tenantUuid, acls, label, expiresAt, createdAt } = command;
  if (!isValidDocumentId(tokenId)) return refuse(invalidIdMessage(tokenId));
  if (!SHA256_HEX.test(secretHash)) return refuse('secretHash must be a lowercase hex sha256 digest');
  if (!isValidDocumentId(tenantUuid)) return refuse(`invalid tenant: ${invalidIdMessage(tenantUuid)}`);
  if (acls.length === 0) return refuse('a token needs at least one ACL');
  for (const acl of acls) {
    const problem = aclProblem(acl);
    if (problem !== undefined) return refuse(problem);
  }
  if (label.length > MAX_LABEL || CONTROL.test(label)) {
    return refuse(`a label is at most ${MAX_LABEL} characters, without control characters`);
  }
  if (!isInstant(createdAt)) return refuse(`createdAt is not an ISO instant: ${createdAt}`);
  if (expiresAt !== null) {
    if (!isInstant(expiresAt)) return refuse(`expiresAt is not an ISO instant: ${expiresAt}`);
    // A token born expired can only be a mistake in the requested expiry.
    if (Date.parse(expiresAt) <= Date.parse(createdAt)) {
      return refuse(`the expiry (${expiresAt}) must be after the creation time (${createdAt})`);
    }
  }
  return E.right(command);
};
