import type { FastifyRequest } from 'fastify';
import type { Requester } from '../../../application/admin/admin-context.js';
import { requiredAcl } from '../../../application/auth/acl.js';
import { type AuthBackend, AuthUnavailableError } from '../../../application/auth/auth-backend.js';
import { RestError, unauthorized } from '../http/rest-error.js';

/** An authenticated request: the requester plus what the token may do beyond the route's ACL. */
export interface Authenticated extends Requester {
  /** Whether the token also holds `acl` (a template filled like the route's). */
  may(aclTemplate: string, values?: Readonly<Record<string, string>>): Promise<boolean>;
}

export type Authenticate = (
  request: FastifyRequest,
  aclTemplate: string,
  values?: Readonly<Record<string, string>>,
) => Promise<Authenticated>;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
};

const unavailable = (error: unknown): never => {
  if (error instanceof AuthUnavailableError) {
    // provd answered 500; the client can do nothing about it but retry: 503.
    throw new RestError(503, `Authentication service unavailable: ${error.message}`);
  }
  throw error;
};

/**
 * provd's order (provd-spec §1.3–§1.4): a token, then the effective tenant (the Wazo-Tenant
 * header, which the token must be allowed to act on, or the token's own), then the route's ACL
 * with `{tenant_uuid}` and the path values filled in. Every refusal is a 401, never a 403.
 */
export const authenticator =
  (backend: AuthBackend): Authenticate =>
  async (request, aclTemplate, values = {}) => {
    const token = header(request, 'x-auth-token');
    if (token === undefined) throw unauthorized();
    const identity = await backend.identify(token).catch(unavailable);
    if (identity === undefined) throw unauthorized();
    const tenant = header(request, 'wazo-tenant') ?? identity.tenantUuid;
    const fill = (template: string, extra: Readonly<Record<string, string>>): string | undefined =>
      requiredAcl(template, { ...extra, tenant_uuid: tenant });
    const acl = fill(aclTemplate, values);
    if (acl === undefined) throw unauthorized();
    if (!(await backend.authorize(token, tenant, acl).catch(unavailable))) throw unauthorized();
    let subtree: Promise<readonly string[]> | undefined;
    return {
      tenant,
      visibleTenants: () => {
        subtree ??= backend.subtree(tenant).catch(unavailable);
        return subtree;
      },
      metadata: {
        source: 'api',
        actor: {
          tokenId: identity.tokenId,
          tenantUuid: identity.tenantUuid,
          ...(identity.userUuid === undefined ? {} : { userUuid: identity.userUuid }),
        },
        clientIp: request.ip,
        correlationId: request.id,
      },
      may: async (template, extra = {}) => {
        const other = fill(template, { ...values, ...extra });
        return other !== undefined && (await backend.authorize(token, tenant, other).catch(unavailable));
      },
    };
  };
