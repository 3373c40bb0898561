import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_CONFIG, type ServerConfig } from '../../../src/config/server-config.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { makeTempDir, type TempDir } from '../../support/temp-dir.js';
import {
  PROVD_SERVICE_ID,
  PROVD_SERVICE_KEY,
  seedProvdFixture,
  startWazoAuthStandIn,
  VALID_TOKEN_MULTITENANT,
  type WazoAuthStandIn,
} from '../../support/wazo-auth-stand-in.js';
import { configFor } from './rest-server.js';

export interface WazoAuthedServer {
  readonly server: RunningServer;
  /** The wazo-auth stand-in, seeded with provd's test fixture. */
  readonly auth: WazoAuthStandIn;
  /** fetch on the REST listener with a token (default `valid-token-multitenant`) and a tenant. */
  call(
    method: string,
    path: string,
    options?: { token?: string; tenant?: string; body?: unknown },
  ): Promise<Response>;
}

const PROV = 'application/vnd.proformatique.provd+json';

/**
 * For a whole test file: the server as an operator runs it with `PROVD_AUTH=wazo-auth`, on real
 * sockets, against a local wazo-auth stand-in holding provd's test tokens and tenants.
 */
export const wazoAuthedServerForSuite = (
  overrides: Partial<ServerConfig> = {},
  cacheTtlMs = 1000,
): (() => WazoAuthedServer) => {
  let parts: { auth: WazoAuthStandIn; dir: TempDir; server: RunningServer } | undefined;
  beforeAll(async () => {
    const auth = await startWazoAuthStandIn();
    seedProvdFixture(auth);
    const dir = await makeTempDir('provd-wazo-auth-');
    const server = await startServer(
      configFor(dir.path, {
        auth: {
          ...DEFAULT_CONFIG.auth,
          backend: 'wazo-auth',
          url: auth.url,
          serviceId: PROVD_SERVICE_ID,
          serviceKey: PROVD_SERVICE_KEY,
          cacheTtlMs,
        },
        sync: { mode: 'none', sipPort: 5060, amidUrl: undefined },
        ...overrides,
      }),
      pino({ level: 'silent' }),
    );
    parts = { auth, dir, server };
  });
  afterAll(async () => {
    await parts?.server.stop();
    await parts?.auth.close();
    await parts?.dir.remove();
  });
  return () => {
    if (parts === undefined) throw new Error('the suite server is not started');
    const { server, auth } = parts;
    return {
      server,
      auth,
      call: (method, path, { token = VALID_TOKEN_MULTITENANT, tenant, body } = {}) =>
        fetch(`${server.restUrl}${path}`, {
          method,
          headers: {
            'x-auth-token': token,
            ...(tenant === undefined ? {} : { 'wazo-tenant': tenant }),
            ...(body === undefined ? {} : { 'content-type': PROV }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
    };
  };
};
