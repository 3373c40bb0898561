import { AdminError } from '../../../application/admin/admin-context.js';
import { InvalidSelectorError } from '../../../projections/find/selector.js';
import {
  explainStorageFailure,
  ReadModelWriteError,
  storageFailureOf,
} from '../../../projections/runner/storage-failure.js';
import { RestError } from '../http/rest-error.js';

const STATUS: Readonly<Record<AdminError['kind'], number>> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  stale: 412,
  forbidden: 403,
  unavailable: 503,
  failed: 500,
};

/** The HTTP answer to an application refusal; anything else is left to the error handler. */
export const toRestError = (error: unknown): unknown => {
  if (error instanceof AdminError) return new RestError(STATUS[error.kind], error.message);
  // provd answered a malformed selector with a 500; it is the client's mistake.
  if (error instanceof InvalidSelectorError) return new RestError(400, error.message);
  // A full or failing disk: the client can only retry later, and the operator must be told why.
  if (error instanceof ReadModelWriteError) return new RestError(503, error.message);
  const storage = storageFailureOf(error);
  if (storage !== undefined) {
    return new RestError(503, `provd cannot write its data: ${explainStorageFailure(storage)}`);
  }
  return error;
};
