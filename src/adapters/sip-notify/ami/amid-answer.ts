import { SyncError } from '../../../application/sync/synchronizer.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Wazo services answer errors with `{"message", "error_id", "details"}`. */
const errorMessageOf = (body: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isObject(parsed) && typeof parsed.message === 'string' && parsed.message !== '')
      return parsed.message;
  } catch {
    // not JSON: the status alone says it
  }
  return undefined;
};

const HINTS: Readonly<Record<number, string>> = {
  401: 'the token was refused',
  403: 'the token lacks the ACL for amid.action.PJSIPNotify.create',
  503: 'wazo-amid cannot reach Asterisk',
};

/**
 * Success is what wazo-amid's own client calls success: status 200 and, in the list of AMI
 * messages it returns, no `Response: Error`. Anything else is an error naming what went wrong.
 */
export const checkAmidAnswer = (status: number, body: string, destination: string): void => {
  if (status !== 200) {
    const detail = errorMessageOf(body) ?? HINTS[status];
    throw new SyncError(
      `wazo-amid refused the NOTIFY to ${destination}: HTTP ${status}${detail === undefined ? '' : ` (${detail})`}`,
    );
  }
  let messages: unknown;
  try {
    messages = JSON.parse(body);
  } catch {
    throw new SyncError(`wazo-amid answered the NOTIFY to ${destination} with something that is not JSON`);
  }
  if (!Array.isArray(messages)) {
    throw new SyncError(`wazo-amid answered the NOTIFY to ${destination} with something that is not a list`);
  }
  for (const message of messages) {
    if (isObject(message) && message.Response === 'Error') {
      const reason =
        typeof message.Message === 'string' && message.Message !== '' ? message.Message : 'no reason given';
      throw new SyncError(`Asterisk refused the NOTIFY to ${destination}: ${reason}`);
    }
  }
};
