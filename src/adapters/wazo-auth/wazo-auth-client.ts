import { AuthUnavailableError } from '../../application/auth/auth-backend.js';
import type { HttpAnswer, HttpTransport } from './http-transport.js';
import { parseTenantList, parseTokenBody, type WazoTokenData } from './token-data.js';

/** How wazo-auth judged a token for a scope (ACL) and tenant. */
export type TokenVerdict = 'valid' | 'refused' | 'unknown';

export interface TokenQuery {
  /** The required ACL (`scope`). */
  readonly scope?: string;
  /** A tenant the token must be allowed to act on: its own or one below it. */
  readonly tenant?: string;
}

export type TenantListing =
  | { readonly status: 'ok'; readonly tenants: readonly string[] }
  /** The token may not list that tenant's sub-tree (or is no longer valid). */
  | { readonly status: 'unauthorized' };

/**
 * wazo-auth's REST API, only the routes provd uses. Every "no answer" (network, timeout, 5xx,
 * unexpected status or body) is an AuthUnavailableError; the answers that mean something
 * (404 unknown token, 403 refused, 401 unauthorized) are values.
 */
export class WazoAuthClient {
  constructor(private readonly transport: HttpTransport) {}

  /** `GET /0.1/token/{token}`: 200 with the token document, 403 refused, 404 unknown or expired. */
  async getToken(
    token: string,
    query: TokenQuery = {},
  ): Promise<
    { readonly verdict: 'valid'; readonly data: WazoTokenData } | { readonly verdict: 'refused' | 'unknown' }
  > {
    const label = 'GET /0.1/token/{token}';
    const answer = await this.transport.send({ method: 'GET', path: tokenPath(token, query), label });
    if (answer.status === 200) {
      const data = parseTokenBody(answer.body);
      if (data === undefined) throw this.#unexpected(label, answer, 'a body that is not a token document');
      return { verdict: 'valid', data };
    }
    const verdict = refusal(answer.status);
    if (verdict === undefined) throw this.#unexpected(label, answer);
    return { verdict };
  }

  /** `HEAD /0.1/token/{token}`: 204 (or 200) valid, 403 refused, 404 unknown or expired. */
  async checkToken(token: string, query: TokenQuery = {}): Promise<TokenVerdict> {
    const label = 'HEAD /0.1/token/{token}';
    const answer = await this.transport.send({ method: 'HEAD', path: tokenPath(token, query), label });
    if (answer.status === 204 || answer.status === 200) return 'valid';
    const verdict = refusal(answer.status);
    if (verdict === undefined) throw this.#unexpected(label, answer);
    return verdict;
  }

  /**
   * `POST /0.1/token` with HTTP basic auth: a token for a service identity (wazo-auth-keys'
   * service id and key). A 401 means the credentials were refused.
   */
  async createToken(serviceId: string, serviceKey: string, expirationS: number): Promise<WazoTokenData> {
    const label = 'POST /0.1/token';
    const answer = await this.transport.send({
      method: 'POST',
      path: '/0.1/token',
      label,
      headers: { authorization: `Basic ${Buffer.from(`${serviceId}:${serviceKey}`).toString('base64')}` },
      body: JSON.stringify({ expiration: expirationS }),
    });
    if (answer.status === 401) {
      throw new AuthUnavailableError(
        `wazo-auth at ${this.transport.origin} refused provd's service credentials (service id ${serviceId})`,
      );
    }
    if (answer.status !== 200) throw this.#unexpected(label, answer);
    const data = parseTokenBody(answer.body);
    if (data === undefined) throw this.#unexpected(label, answer, 'a body that is not a token document');
    return data;
  }

  /** `DELETE /0.1/token/{token}`. */
  async revokeToken(token: string): Promise<void> {
    const label = 'DELETE /0.1/token/{token}';
    const answer = await this.transport.send({ method: 'DELETE', path: tokenPath(token, {}), label });
    if (answer.status >= 300 && answer.status !== 404) throw this.#unexpected(label, answer);
  }

  /**
   * `GET /0.1/tenants` with `Wazo-Tenant: <tenant>`: that tenant and every tenant below it, as
   * seen by `authToken`.
   */
  async listTenants(authToken: string, tenant: string): Promise<TenantListing> {
    const label = 'GET /0.1/tenants';
    const answer = await this.transport.send({
      method: 'GET',
      path: '/0.1/tenants',
      label,
      headers: { 'x-auth-token': authToken, 'wazo-tenant': tenant },
    });
    if (answer.status === 401) return { status: 'unauthorized' };
    if (answer.status !== 200) throw this.#unexpected(label, answer);
    const tenants = parseTenantList(answer.body);
    if (tenants === undefined) throw this.#unexpected(label, answer, 'a body that is not a tenant list');
    return { status: 'ok', tenants };
  }

  #unexpected(label: string, answer: HttpAnswer, what = `status ${answer.status}`): AuthUnavailableError {
    return new AuthUnavailableError(`wazo-auth at ${this.transport.origin} (${label}) answered ${what}`);
  }
}

const refusal = (status: number): 'refused' | 'unknown' | undefined =>
  status === 404 ? 'unknown' : status === 403 ? 'refused' : undefined;

const tokenPath = (token: string, query: TokenQuery): string => {
  const params = new URLSearchParams();
  if (query.scope !== undefined) params.set('scope', query.scope);
  if (query.tenant !== undefined) params.set('tenant', query.tenant);
  const search = params.toString() === '' ? '' : `?${params}`;
  return `/0.1/token/${encodeURIComponent(token)}${search}`;
};
