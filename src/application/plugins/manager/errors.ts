/**
 * Why the plugin manager refused a request, before starting anything. Codes, and the answer
 * provd gives for them (provd-spec §1.5):
 * - `invalid_request` → 400: unknown plugin or package, already installed, not installed,
 *   an operation on it already in progress, a plugin that does not load;
 * - `not_found` → 404: a plugin that is not installed, asked for its packages;
 * - `unavailable` → 500: an index update already running, or no repository to update from.
 */
export type PluginManagerErrorCode = 'invalid_request' | 'not_found' | 'unavailable';

export class PluginManagerError extends Error {
  override readonly name = 'PluginManagerError';

  constructor(
    readonly code: PluginManagerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string): PluginManagerError =>
  new PluginManagerError('invalid_request', message);
