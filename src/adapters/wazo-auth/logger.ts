import { createHash } from 'node:crypto';

/** The subset of a pino logger this adapter uses (pino's `(details, message)` order). */
export interface WazoAuthLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * What a log line may say about a token: a short hash, enough to tell two tokens apart across
 * lines and too short to help anyone guess one. A token is a bearer secret and never logged.
 */
export const tokenRef = (token: string): string =>
  createHash('sha256').update(token).digest('hex').slice(0, 8);
