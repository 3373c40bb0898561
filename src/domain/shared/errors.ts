/**
 * Domain errors are values, not exceptions. `code` drives the REST status; `message` is the
 * plain-text body clients get (provd's clients only look at the status and this text).
 */
export type DomainErrorCode =
  | 'not_found'
  | 'already_exists'
  | 'validation'
  | 'tenant_immutable'
  | 'not_deletable'
  | 'invalid_state';

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
}

export const domainError = (code: DomainErrorCode, message: string): DomainError => ({ code, message });
