import { AuthUnavailableError } from '../../application/auth/auth-backend.js';
import { tokenRef, type WazoAuthLogger } from './logger.js';
import type { WazoAuthClient } from './wazo-auth-client.js';

export interface ServiceTokenOptions {
  readonly serviceId: string;
  readonly serviceKey: string;
  /** Lifetime asked of wazo-auth, in seconds. */
  readonly expirationS: number;
  /** First delay before trying again after a failure; doubled on each failure up to retryMaxMs. */
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  readonly logger: WazoAuthLogger;
  readonly now?: () => number;
}

/** provd's own token, as held. */
export interface HeldToken {
  readonly token: string;
  /** Its `metadata.tenant_uuid`: provd's tenant, where phones' new devices live. */
  readonly tenantUuid: string | undefined;
  /** On our clock: the time the request was sent plus the lifetime wazo-auth gave. */
  readonly expiresAt: number;
}

/** Renew when this share of the lifetime has passed, leaving room for a few failed tries. */
const RENEW_AT = 0.8;

/**
 * provd's service token (provd-spec §4.1): obtained with the service id and key, renewed in the
 * background before it expires, and at once when wazo-auth says it is no longer valid. Nothing
 * ever waits for it: callers get the token held now, or an AuthUnavailableError saying why there
 * is none.
 */
export class ServiceToken {
  readonly #client: WazoAuthClient;
  readonly #options: ServiceTokenOptions;
  readonly #now: () => number;
  readonly #listeners = new Set<(tenantUuid: string) => void>();
  #held: HeldToken | undefined;
  #lastError: string | undefined;
  #renewing: Promise<HeldToken> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retryMs: number;
  #closed = false;

  constructor(client: WazoAuthClient, options: ServiceTokenOptions) {
    this.#client = client;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#retryMs = options.retryMinMs;
  }

  /** Makes the first attempt; resolves when it is over, whatever its outcome. */
  async start(): Promise<void> {
    await this.renewNow().catch(() => undefined);
  }

  /** The token held now, if any, even expired (to compare with the one a failed call used). */
  peek(): HeldToken | undefined {
    return this.#held;
  }

  /** A token valid on our clock, or why there is none. */
  current(): HeldToken {
    if (this.#closed) throw new AuthUnavailableError('the wazo-auth backend is closed');
    const held = this.#held;
    if (held !== undefined && held.expiresAt > this.#now()) return held;
    const why = this.#lastError === undefined ? '' : `: ${this.#lastError}`;
    throw new AuthUnavailableError(
      held === undefined
        ? `provd has no service token from wazo-auth yet${why}`
        : `provd's service token expired and could not be renewed${why}`,
    );
  }

  /** Calls `listener` with provd's tenant when it is first known and whenever it changes. */
  onTenant(listener: (tenantUuid: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks for a new token now; concurrent callers share one request. */
  renewNow(): Promise<HeldToken> {
    if (this.#closed) return Promise.reject(new AuthUnavailableError('the wazo-auth backend is closed'));
    this.#renewing ??= this.#obtain().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  /** Stops renewing and revokes the token held, so no session is left behind in wazo-auth. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    // A token arriving now is revoked by #obtain itself; wait for it so none outlives us.
    await this.#renewing?.catch(() => undefined);
    const held = this.#held;
    this.#held = undefined;
    if (held !== undefined && held.expiresAt > this.#now()) {
      await this.#client.revokeToken(held.token).catch(() => undefined);
    }
  }

  async #obtain(): Promise<HeldToken> {
    clearTimeout(this.#timer);
    const { serviceId, serviceKey, expirationS, logger } = this.#options;
    const asked = this.#now();
    try {
      const data = await this.#client.createToken(serviceId, serviceKey, expirationS);
      const lifetimeMs =
        data.issuedAt !== undefined && data.expiresAt !== undefined && data.expiresAt > data.issuedAt
          ? data.expiresAt - data.issuedAt
          : expirationS * 1000;
      const held: HeldToken = {
        token: data.token,
        tenantUuid: data.tenantUuid,
        expiresAt: asked + lifetimeMs,
      };
      if (this.#closed) {
        await this.#client.revokeToken(held.token).catch(() => undefined);
        return held;
      }
      const previousTenant = this.#held?.tenantUuid;
      this.#held = held;
      this.#lastError = undefined;
      this.#retryMs = this.#options.retryMinMs;
      this.#schedule(lifetimeMs * RENEW_AT);
      logger.info(
        { serviceId, token: tokenRef(held.token), tenant: held.tenantUuid, expiresInS: lifetimeMs / 1000 },
        'wazo-auth service token obtained',
      );
      if (held.tenantUuid === undefined) {
        logger.error({ serviceId }, "provd's service token has no tenant: new phones cannot be given one");
      } else if (held.tenantUuid !== previousTenant) {
        this.#tell(held.tenantUuid);
      }
      return held;
    } catch (error) {
      const message = (error as Error).message;
      this.#lastError = message;
      if (!this.#closed) {
        logger.warn(
          { serviceId, retryInMs: this.#retryMs, error: message },
          'cannot obtain a wazo-auth service token',
        );
        this.#schedule(this.#retryMs);
        this.#retryMs = Math.min(this.#retryMs * 2, this.#options.retryMaxMs);
      }
      throw error;
    }
  }

  #tell(tenantUuid: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(tenantUuid);
      } catch (error) {
        this.#options.logger.error({ error: (error as Error).message }, 'master tenant listener failed');
      }
    }
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.renewNow().catch(() => undefined);
    }, delayMs);
    // Renewal is housekeeping: it must not keep the process alive on its own.
    this.#timer.unref();
  }
}
