import { randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { hasAccess } from '../../src/application/auth/acl.js';

/**
 * A stand-in for wazo-auth: a real HTTP(S) server on 127.0.0.1 answering the routes provd uses,
 * from in-memory tables, with wazo-auth's status codes and bodies. ACLs are matched with
 * provd's own acl.ts (Wazo semantics: `*`, `#`, `!`).
 *
 *   const auth = await startWazoAuthStandIn();
 *   seedProvdFixture(auth);                      // provd-spec §8's tokens and tenants
 *   auth.url                                     // http://127.0.0.1:<port>
 *   auth.count('HEAD /0.1/token/{token}')        // requests received on a route
 *   await auth.setOutage('refuse');              // or 'error' (500), 'hang' (never answers)
 *   await auth.close();
 */

export const MASTER_TENANT = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee1';
export const SUB1_TENANT = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee2';
export const SUB2_TENANT = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee3';
/** `valid-token`'s tenant: a tree of its own, so that token cannot act on the master's sub-tenants. */
export const OTHER_TENANT = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
export const VALID_TOKEN_MULTITENANT = 'valid-token-multitenant';
export const VALID_TOKEN = 'valid-token';
/** Never known to the stand-in. */
export const INVALID_TOKEN = 'invalid-token';
export const PROVD_SERVICE_ID = 'wazo-provd';
export const PROVD_SERVICE_KEY = 'provd-service-key-for-tests';

export type StandInRoute =
  | 'POST /0.1/token'
  | 'GET /0.1/token/{token}'
  | 'HEAD /0.1/token/{token}'
  | 'DELETE /0.1/token/{token}'
  | 'GET /0.1/tenants'
  | 'other';

export interface StandInToken {
  readonly token: string;
  readonly tenantUuid: string;
  /** Default `['#']`: everything. */
  readonly acl?: readonly string[];
  /** Epoch ms. Default: an hour after it is added. */
  readonly expiresAt?: number;
  readonly userUuid?: string;
}

export interface StandInTenant {
  readonly uuid: string;
  /** Undefined for a top tenant (wazo-auth writes a top tenant as its own parent). */
  readonly parentUuid?: string;
  readonly name?: string;
}

/** A service identity: `POST /0.1/token` with these basic-auth credentials issues a token. */
export interface StandInService {
  readonly id: string;
  readonly key: string;
  readonly tenantUuid: string;
  /** Default `['auth.tenants.read']`, what wazo-auth-keys grants provd for this purpose. */
  readonly acl?: readonly string[];
  readonly userUuid?: string;
}

/**
 * `refuse`: nothing listens (connection refused); `error`: every request gets a 500; `hang`:
 * requests are read and never answered.
 */
export type Outage = 'none' | 'refuse' | 'error' | 'hang';

export interface RecordedRequest {
  readonly route: StandInRoute;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface WazoAuthStandIn {
  /** `http(s)://127.0.0.1:<port>`; stays the same across outages. */
  readonly url: string;
  addToken(token: StandInToken): void;
  removeToken(token: string): void;
  addTenant(tenant: StandInTenant): void;
  removeTenant(uuid: string): void;
  addService(service: StandInService): void;
  removeService(id: string): void;
  /** Tokens issued by `POST /0.1/token`, oldest first. */
  issuedTokens(): readonly string[];
  /** Requests received on a route since the start or the last resetCounts(). */
  count(route: StandInRoute): number;
  counts(): Readonly<Record<StandInRoute, number>>;
  /** The last requests received, oldest first (at most 1000). */
  requests(): readonly RecordedRequest[];
  resetCounts(): void;
  setOutage(outage: Outage): Promise<void>;
  /** Delay before every answer, in ms (0: none). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** PEM key and certificate: serve https instead of http. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

interface StoredToken {
  readonly token: string;
  readonly tenantUuid: string;
  readonly acl: readonly string[];
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly userUuid: string;
  readonly sessionUuid: string;
}

const ROUTES: readonly StandInRoute[] = [
  'POST /0.1/token',
  'GET /0.1/token/{token}',
  'HEAD /0.1/token/{token}',
  'DELETE /0.1/token/{token}',
  'GET /0.1/tenants',
  'other',
];

export const startWazoAuthStandIn = async (options: StandInOptions = {}): Promise<WazoAuthStandIn> => {
  const tokens = new Map<string, StoredToken>();
  const tenants = new Map<string, StandInTenant>();
  const services = new Map<string, StandInService>();
  const issued: string[] = [];
  const recorded: RecordedRequest[] = [];
  let counters = Object.fromEntries(ROUTES.map((r) => [r, 0])) as Record<StandInRoute, number>;
  let outage: Outage = 'none';
  let latencyMs = 0;
  const sockets = new Set<Socket>();

  const store = (token: StandInToken, issuedAt = Date.now()): StoredToken => {
    const stored: StoredToken = {
      token: token.token,
      tenantUuid: token.tenantUuid,
      acl: token.acl ?? ['#'],
      issuedAt,
      expiresAt: token.expiresAt ?? issuedAt + 3_600_000,
      userUuid: token.userUuid ?? randomUUID(),
      sessionUuid: randomUUID(),
    };
    tokens.set(token.token, stored);
    return stored;
  };

  /** The tenant and every tenant below it, the tenant first. */
  const subtree = (uuid: string): string[] => {
    const found = [uuid];
    for (let i = 0; i < found.length; i++) {
      for (const tenant of tenants.values()) {
        if (tenant.parentUuid === found[i] && !found.includes(tenant.uuid)) found.push(tenant.uuid);
      }
    }
    return found;
  };

  const live = (token: string | undefined): StoredToken | undefined => {
    const stored = token === undefined ? undefined : tokens.get(token);
    return stored !== undefined && stored.expiresAt > Date.now() ? stored : undefined;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const tokenMatch = /^\/0\.1\/token\/([^/]+)$/.exec(url.pathname);
    const route = routeOf(request.method ?? '', url.pathname, tokenMatch !== null);
    counters[route] += 1;
    recorded.push({ route, query: Object.fromEntries(url.searchParams), headers: request.headers, body });
    if (recorded.length > 1000) recorded.shift();
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (outage === 'hang') return;
    if (outage === 'error') return send(response, 500, error(500, 'Internal error (simulated outage)'));

    switch (route) {
      case 'POST /0.1/token': {
        const service = credentialsOf(request.headers.authorization, services);
        if (service === undefined) return send(response, 401, error(401, 'Authentication Failed'));
        let expiration = 7200;
        try {
          const parsed: unknown = body === '' ? {} : JSON.parse(body);
          const asked = (parsed as { expiration?: unknown }).expiration;
          if (asked !== undefined) {
            if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 1)
              throw new Error('expiration');
            expiration = asked;
          }
        } catch {
          return send(response, 400, error(400, 'Invalid expiration or body'));
        }
        const issuedAt = Date.now();
        const stored = store(
          {
            token: randomUUID(),
            tenantUuid: service.tenantUuid,
            acl: service.acl ?? ['auth.tenants.read'],
            expiresAt: issuedAt + expiration * 1000,
            userUuid: service.userUuid ?? `${service.id}-user`,
          },
          issuedAt,
        );
        issued.push(stored.token);
        return send(response, 200, { data: tokenDocument(stored) });
      }
      case 'GET /0.1/token/{token}':
      case 'HEAD /0.1/token/{token}': {
        const stored = live(decodeURIComponent(tokenMatch?.[1] ?? ''));
        const head = route === 'HEAD /0.1/token/{token}';
        if (stored === undefined) return send(response, 404, head ? undefined : error(404, 'No such token'));
        const scope = url.searchParams.get('scope');
        if (scope && !hasAccess(stored.acl, scope)) {
          return send(response, 403, head ? undefined : error(403, `Unauthorized for ${scope}`));
        }
        const tenant = url.searchParams.get('tenant');
        if (tenant && !subtree(stored.tenantUuid).includes(tenant)) {
          return send(response, 403, head ? undefined : error(403, `Unauthorized for tenant ${tenant}`));
        }
        return head ? send(response, 204) : send(response, 200, { data: tokenDocument(stored) });
      }
      case 'DELETE /0.1/token/{token}':
        tokens.delete(decodeURIComponent(tokenMatch?.[1] ?? ''));
        return send(response, 200, { data: { message: 'success' } });
      case 'GET /0.1/tenants': {
        const header = request.headers['x-auth-token'];
        const caller = live(typeof header === 'string' ? header : undefined);
        if (caller === undefined || !hasAccess(caller.acl, 'auth.tenants.read')) {
          return send(response, 401, error(401, 'Unauthorized'));
        }
        const wanted = request.headers['wazo-tenant'];
        const scoping = typeof wanted === 'string' && wanted !== '' ? wanted : caller.tenantUuid;
        if (!subtree(caller.tenantUuid).includes(scoping))
          return send(response, 401, error(401, 'Unauthorized'));
        const items = subtree(scoping).map((uuid) => {
          const tenant = tenants.get(uuid);
          return { uuid, name: tenant?.name ?? uuid, parent_uuid: tenant?.parentUuid ?? uuid };
        });
        return send(response, 200, { items, total: items.length, filtered: items.length });
      }
      default:
        return send(response, 404, error(404, 'Not found'));
    }
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((e: Error) => send(response, 500, error(500, e.message)));
  };
  const server: Server = options.tls
    ? createHttpsServer(options.tls, onRequest)
    : createHttpServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let port = 0;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Keep-alive connections would otherwise still reach a server that "is down".
      for (const socket of sockets) socket.destroy();
    });
  await listen();

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    addToken: (token) => {
      store(token);
    },
    removeToken: (token) => {
      tokens.delete(token);
    },
    addTenant: (tenant) => {
      tenants.set(tenant.uuid, tenant);
    },
    removeTenant: (uuid) => {
      tenants.delete(uuid);
    },
    addService: (service) => {
      services.set(service.id, service);
    },
    removeService: (id) => {
      services.delete(id);
    },
    issuedTokens: () => [...issued],
    count: (route) => counters[route],
    counts: () => ({ ...counters }),
    requests: () => [...recorded],
    resetCounts: () => {
      counters = Object.fromEntries(ROUTES.map((r) => [r, 0])) as Record<StandInRoute, number>;
      recorded.length = 0;
    },
    setOutage: async (next) => {
      const was = outage;
      outage = next;
      if (next === 'refuse' && was !== 'refuse') await stopListening();
      if (next !== 'refuse' && was === 'refuse') await listen();
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: () => stopListening(),
  };
};

/**
 * provd-spec §8's world: `valid-token-multitenant` in the master tenant (SUB1 and SUB2 below it),
 * `valid-token` in a tree of its own (so it cannot act on the sub-tenants), `invalid-token`
 * unknown; both valid tokens may do anything. provd's service identity lives in the master tenant.
 */
const FAR_FUTURE = Date.UTC(2999, 0, 1);

export const seedProvdFixture = (standIn: WazoAuthStandIn): void => {
  standIn.addTenant({ uuid: MASTER_TENANT, name: 'master' });
  standIn.addTenant({ uuid: SUB1_TENANT, parentUuid: MASTER_TENANT, name: 'sub1' });
  standIn.addTenant({ uuid: SUB2_TENANT, parentUuid: MASTER_TENANT, name: 'sub2' });
  standIn.addTenant({ uuid: OTHER_TENANT, name: 'other' });
  standIn.addToken({
    token: VALID_TOKEN_MULTITENANT,
    tenantUuid: MASTER_TENANT,
    userUuid: 'uuid-multitenant',
    expiresAt: FAR_FUTURE,
  });
  standIn.addToken({
    token: VALID_TOKEN,
    tenantUuid: OTHER_TENANT,
    userUuid: 'uuid',
    expiresAt: FAR_FUTURE,
  });
  standIn.addService({ id: PROVD_SERVICE_ID, key: PROVD_SERVICE_KEY, tenantUuid: MASTER_TENANT });
};

const routeOf = (method: string, path: string, tokenPath: boolean): StandInRoute => {
  if (method === 'POST' && path === '/0.1/token') return 'POST /0.1/token';
  if (tokenPath && method === 'GET') return 'GET /0.1/token/{token}';
  if (tokenPath && method === 'HEAD') return 'HEAD /0.1/token/{token}';
  if (tokenPath && method === 'DELETE') return 'DELETE /0.1/token/{token}';
  if (method === 'GET' && path === '/0.1/tenants') return 'GET /0.1/tenants';
  return 'other';
};

const credentialsOf = (
  authorization: string | undefined,
  services: ReadonlyMap<string, StandInService>,
): StandInService | undefined => {
  const match = /^Basic (.+)$/.exec(authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const service = services.get(decoded.slice(0, colon));
  return service !== undefined && service.key === decoded.slice(colon + 1) ? service : undefined;
};

/** wazo-auth's times: UTC, no zone, microseconds. */
const utc = (ms: number): string => new Date(ms).toISOString().replace('Z', '000');

const tokenDocument = (stored: StoredToken): object => ({
  token: stored.token,
  auth_id: stored.userUuid,
  xivo_user_uuid: null,
  xivo_uuid: null,
  issued_at: utc(stored.issuedAt),
  expires_at: utc(stored.expiresAt),
  utc_issued_at: utc(stored.issuedAt),
  utc_expires_at: utc(stored.expiresAt),
  acl: stored.acl,
  metadata: { uuid: stored.userUuid, tenant_uuid: stored.tenantUuid, auth_id: stored.userUuid },
  session_uuid: stored.sessionUuid,
  remote_addr: '127.0.0.1',
  user_agent: '',
});

const error = (status: number, reason: string): object => ({
  reason: [reason],
  timestamp: [Date.now() / 1000],
  status_code: status,
});

const send = (response: ServerResponse, status: number, body?: object): void => {
  if (response.headersSent || response.destroyed) return;
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
