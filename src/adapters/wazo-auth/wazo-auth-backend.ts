import {
  type AuthBackend,
  AuthUnavailableError,
  type TokenIdentity,
} from '../../application/auth/auth-backend.js';
import { tokenRef, type WazoAuthLogger } from './logger.js';
import { LookupCache } from './lookup-cache.js';
import type { HeldToken, ServiceToken } from './service-token.js';
import type { WazoAuthClient } from './wazo-auth-client.js';

export interface WazoAuthBackendOptions {
  readonly client: WazoAuthClient;
  readonly serviceToken: ServiceToken;
  /** How long a positive answer is kept. 0: nothing is kept (identical lookups in flight still share). */
  readonly cacheTtlMs: number;
  /** How long a negative answer (unknown token, refused, `[T]` sub-tree) is kept. */
  readonly negativeCacheTtlMs: number;
  /** Most answers kept per question. */
  readonly cacheMaxEntries: number;
  readonly logger: WazoAuthLogger;
  readonly now?: () => number;
  /** Called by close(), after the backend's own clean-up. */
  readonly onClose?: () => Promise<void> | void;
}

/**
 * Wazo tokens are UUIDs. Anything that could not be one of wazo-auth's tokens is refused without
 * asking: it saves a round trip for garbage, and a value such as `..` or one with `/` must never
 * become part of a path sent to wazo-auth (a proxy in front of it would resolve it).
 */
const PLAUSIBLE_TOKEN = /^[A-Za-z0-9_~.-]{1,512}$/;
/** Tenant uuids (or slugs): also sent as a header, so no control characters may pass. */
const PLAUSIBLE_TENANT = /^[A-Za-z0-9_~.-]{1,128}$/;
const plausible = (pattern: RegExp, value: string): boolean => pattern.test(value) && !/^\.+$/.test(value);

/**
 * The REST layer's three questions (provd-spec §1.3–§1.4) put to wazo-auth, which does the ACL
 * matching itself: identify is `GET /0.1/token/{token}`, authorize is `HEAD /0.1/token/{token}`
 * with `scope` and `tenant`, the sub-tree is `GET /0.1/tenants` with provd's own service token.
 * Answers are kept a few seconds (a revoked token stays usable that long at most).
 */
export class WazoAuthBackend implements AuthBackend {
  readonly #client: WazoAuthClient;
  readonly #serviceToken: ServiceToken;
  readonly #options: WazoAuthBackendOptions;
  readonly #now: () => number;
  readonly #identities: LookupCache<TokenIdentity | undefined>;
  readonly #grants: LookupCache<boolean>;
  readonly #subtrees: LookupCache<readonly string[]>;
  #reachable = true;
  #closing: Promise<void> | undefined;

  constructor(options: WazoAuthBackendOptions) {
    this.#client = options.client;
    this.#serviceToken = options.serviceToken;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const cache = { maxEntries: options.cacheMaxEntries, now: this.#now };
    this.#identities = new LookupCache(cache);
    this.#grants = new LookupCache(cache);
    this.#subtrees = new LookupCache(cache);
  }

  identify(token: string): Promise<TokenIdentity | undefined> {
    if (!plausible(PLAUSIBLE_TOKEN, token)) return Promise.resolve(undefined);
    return this.#identities.lookup(token, () =>
      this.#watch(async () => {
        const answer = await this.#client.getToken(token);
        if (answer.verdict !== 'valid') return { value: undefined, ttlMs: this.#options.negativeCacheTtlMs };
        const { data } = answer;
        if (data.tenantUuid === undefined) {
          this.#options.logger.debug({ token: tokenRef(token) }, 'wazo-auth token without a tenant refused');
          return { value: undefined, ttlMs: this.#options.negativeCacheTtlMs };
        }
        const identity: TokenIdentity = {
          tokenId: data.sessionUuid ?? `sha256:${tokenRef(token)}`,
          tenantUuid: data.tenantUuid,
          ...(data.userUuid === undefined ? {} : { userUuid: data.userUuid }),
        };
        // Never vouch for a token past the expiry wazo-auth gave it.
        const ttlMs =
          data.expiresAt === undefined
            ? this.#options.cacheTtlMs
            : Math.min(this.#options.cacheTtlMs, data.expiresAt - this.#now());
        return { value: identity, ttlMs };
      }),
    );
  }

  authorize(token: string, tenantUuid: string, acl?: string): Promise<boolean> {
    if (!plausible(PLAUSIBLE_TOKEN, token) || !plausible(PLAUSIBLE_TENANT, tenantUuid)) {
      return Promise.resolve(false);
    }
    const key = JSON.stringify([token, tenantUuid, acl ?? null]);
    return this.#grants.lookup(key, () =>
      this.#watch(async () => {
        const verdict = await this.#client.checkToken(token, {
          tenant: tenantUuid,
          ...(acl === undefined ? {} : { scope: acl }),
        });
        return verdict === 'valid'
          ? { value: true, ttlMs: this.#options.cacheTtlMs }
          : { value: false, ttlMs: this.#options.negativeCacheTtlMs };
      }),
    );
  }

  subtree(tenantUuid: string): Promise<readonly string[]> {
    // Such a tenant can never have been authorized; it is no one's parent either.
    if (!plausible(PLAUSIBLE_TENANT, tenantUuid)) return Promise.resolve([tenantUuid]);
    return this.#subtrees.lookup(tenantUuid, () =>
      this.#watch(async () => {
        const used = this.#serviceToken.current();
        let listing = await this.#client.listTenants(used.token, tenantUuid);
        if (listing.status === 'unauthorized') {
          const renewed = await this.#renewIfInvalid(used);
          if (renewed !== undefined) listing = await this.#client.listTenants(renewed.token, tenantUuid);
        }
        // provd-spec §1.4: a 401 means the sub-tree is the tenant alone.
        if (listing.status === 'unauthorized') {
          return { value: [tenantUuid], ttlMs: this.#options.negativeCacheTtlMs };
        }
        const below = listing.tenants.filter((uuid) => uuid !== tenantUuid);
        return { value: [tenantUuid, ...new Set(below)], ttlMs: this.#options.cacheTtlMs };
      }),
    );
  }

  async masterTenant(): Promise<string | undefined> {
    const { tenantUuid } = this.#serviceToken.current();
    if (tenantUuid === undefined) {
      throw new AuthUnavailableError("provd's wazo-auth service token has no tenant (metadata.tenant_uuid)");
    }
    return tenantUuid;
  }

  /**
   * Every tenant below provd's own (all of them for a master-tenant service), asked afresh. Unlike
   * subtree(), a 401 is an error here: a partial list would get devices of live tenants deleted.
   */
  async allTenants(): Promise<readonly string[]> {
    return this.#watch(async () => {
      const held = this.#serviceToken.current();
      const master = held.tenantUuid;
      if (master === undefined) throw new AuthUnavailableError("provd's service token has no tenant");
      let listing = await this.#client.listTenants(held.token, master);
      if (listing.status === 'unauthorized') {
        const renewed = await this.#renewIfInvalid(held);
        if (renewed !== undefined) listing = await this.#client.listTenants(renewed.token, master);
      }
      if (listing.status === 'unauthorized') {
        throw new AuthUnavailableError('wazo-auth refused to list the tenants to provd (401)');
      }
      return [...new Set([master, ...listing.tenants])];
    });
  }

  /** provd's own service token, for calls to other Wazo services (wazo-amid's PJSIPNotify). */
  async serviceToken(): Promise<string> {
    return this.#serviceToken.current().token;
  }

  /** Calls `listener` with provd's tenant once it is known, and again whenever it changes. */
  onMasterTenant(listener: (tenantUuid: string) => void): () => void {
    return this.#serviceToken.onTenant(listener);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#identities.clear();
      this.#grants.clear();
      this.#subtrees.clear();
      await this.#serviceToken.close();
      await this.#options.onClose?.();
    })();
    return this.#closing;
  }

  /**
   * wazo-auth answers 401 both when the tenant is out of the service token's reach and when the
   * token itself is no longer valid (revoked, wazo-auth restarted without its sessions): only the
   * first means `[T]`. The new token when it had to be renewed; undefined when it is still good.
   */
  async #renewIfInvalid(used: HeldToken): Promise<HeldToken | undefined> {
    const held = this.#serviceToken.peek();
    if (held !== undefined && held.token !== used.token) return held;
    if ((await this.#client.checkToken(used.token)) === 'valid') return undefined;
    this.#options.logger.warn(
      { token: tokenRef(used.token) },
      'wazo-auth no longer knows the service token: renewing it',
    );
    return this.#serviceToken.renewNow();
  }

  /** Logs when wazo-auth stops answering and when it answers again, once each way. */
  async #watch<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      if (!this.#reachable) {
        this.#reachable = true;
        this.#options.logger.info({}, 'wazo-auth answers again');
      }
      return result;
    } catch (error) {
      if (error instanceof AuthUnavailableError && this.#reachable) {
        this.#reachable = false;
        this.#options.logger.warn({ error: error.message }, 'wazo-auth cannot be asked');
      }
      throw error;
    }
  }
}
