import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/load-config.js';
import type { AuthConfig } from '../../config/server-config.js';
import { HttpTransport } from './http-transport.js';
import type { WazoAuthLogger } from './logger.js';
import { ServiceToken } from './service-token.js';
import { WazoAuthBackend } from './wazo-auth-backend.js';
import { WazoAuthClient } from './wazo-auth-client.js';

export type { WazoAuthLogger } from './logger.js';
export { WazoAuthBackend } from './wazo-auth-backend.js';

/** Knobs the configuration file does not expose; the defaults suit production. Tests turn them. */
export interface WazoAuthTuning {
  /** Whole-request deadline for each call to wazo-auth. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** How long negative answers are kept. Default: the smaller of 1000 ms and `cacheTtlMs`. */
  readonly negativeCacheTtlMs?: number;
  /** Most answers kept per question (identify, authorize, sub-tree). Default 10,000. */
  readonly cacheMaxEntries?: number;
  /** Lifetime asked for provd's service token. Default 3600 s (renewed after 80% of it). */
  readonly serviceTokenExpirationS?: number;
  /** Delay before trying again to get a service token; doubles up to retryMaxMs. Default 1000 ms. */
  readonly retryMinMs?: number;
  /** Default 30,000 ms. */
  readonly retryMaxMs?: number;
  readonly now?: () => number;
}

export interface WazoAuthRuntime {
  readonly backend: WazoAuthBackend;
  /**
   * Makes the first attempt at provd's service token and resolves once it is over, at most one
   * timeout later; never rejects. Until a token is held, subtree() and masterTenant() throw
   * AuthUnavailableError; identify() and authorize() need none.
   */
  start(): Promise<void>;
  /** Stops renewing, revokes the service token (best effort) and closes connections. */
  close(): Promise<void>;
}

/**
 * The wazo-auth authentication backend for the composition root. Throws a ConfigError naming the
 * setting when the configuration is not usable (no URL or credentials, unreadable CA file).
 */
export const createWazoAuthBackend = (
  config: AuthConfig,
  logger: WazoAuthLogger,
  tuning: WazoAuthTuning = {},
): WazoAuthRuntime => {
  const { url, serviceId, serviceKey } = config;
  if (url === undefined || serviceId === undefined || serviceKey === undefined) {
    throw new ConfigError('auth: the wazo-auth backend needs auth.url, auth.service_id and auth.service_key');
  }
  let ca: Buffer | undefined;
  if (config.caFile !== undefined) {
    try {
      ca = readFileSync(config.caFile);
    } catch (error) {
      throw new ConfigError(`auth.ca_file: cannot read ${config.caFile}: ${(error as Error).message}`);
    }
  }
  const transport = new HttpTransport({
    baseUrl: url,
    timeoutMs: tuning.timeoutMs ?? 5000,
    ...(ca === undefined ? {} : { ca }),
  });
  const client = new WazoAuthClient(transport);
  const now = tuning.now ?? Date.now;
  const serviceToken = new ServiceToken(client, {
    serviceId,
    serviceKey,
    expirationS: tuning.serviceTokenExpirationS ?? 3600,
    retryMinMs: tuning.retryMinMs ?? 1000,
    retryMaxMs: tuning.retryMaxMs ?? 30_000,
    logger,
    now,
  });
  const backend = new WazoAuthBackend({
    client,
    serviceToken,
    cacheTtlMs: config.cacheTtlMs,
    negativeCacheTtlMs: tuning.negativeCacheTtlMs ?? Math.min(1000, config.cacheTtlMs),
    cacheMaxEntries: tuning.cacheMaxEntries ?? 10_000,
    logger,
    now,
    onClose: () => transport.close(),
  });
  logger.info({ url: transport.origin, serviceId, cacheTtlMs: config.cacheTtlMs }, 'wazo-auth backend');
  return { backend, start: () => serviceToken.start(), close: () => backend.close() };
};
