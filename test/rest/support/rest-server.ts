import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { PROV_MIME } from '../../../src/adapters/rest/http/prov-mime.js';
import type { SyncTarget } from '../../../src/application/admin/device-sync.js';
import type { ServerConfig } from '../../../src/config/server-config.js';
import type { SyncPlan } from '../../../src/plugin-runtime/contract.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { serverTestConfig } from '../../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../../support/temp-dir.js';
import { FixtureAuth, MULTITENANT_TOKEN } from './fixture-auth.js';

export interface RestTestServer {
  readonly server: RunningServer;
  readonly auth: FixtureAuth;
  /** The server's data directory (removed by `close`). */
  readonly dataDir: string;
  /** What the synchronize operations asked phones to do. */
  readonly syncs: { target: SyncTarget; plan: SyncPlan }[];
  api(token?: string): Api;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  /** Sent as provd's JSON entity unless `raw` is given. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly contentType?: string;
}

export interface Api {
  get(path: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<LightMyRequestResponse>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<LightMyRequestResponse>;
  delete(path: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  /** GET then parse the JSON body. */
  json<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<T>;
}

export const configFor = serverTestConfig;

/** The whole server (store, projections, phones, REST) on loopback, with provd's test tokens. */
export const startRestServer = async (overrides: Partial<ServerConfig> = {}): Promise<RestTestServer> => {
  const dir: TempDir = await makeTempDir('provd-rest-');
  const auth = new FixtureAuth();
  const syncs: { target: SyncTarget; plan: SyncPlan }[] = [];
  const server = await startServer(configFor(dir.path, overrides), pino({ level: 'silent' }), {
    auth,
    syncTransport: async (target, plan) => {
      syncs.push({ target, plan });
    },
  });
  const api = (token: string = MULTITENANT_TOKEN): Api => {
    const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}) => {
      const headers: Record<string, string> = { ...(token === '' ? {} : { 'x-auth-token': token }) };
      let payload: string | undefined;
      if (options.raw !== undefined || options.body !== undefined) {
        payload = options.raw ?? JSON.stringify(options.body);
        headers['content-type'] = options.contentType ?? PROV_MIME;
      }
      return server.rest.inject({
        method,
        url: path,
        headers: { ...headers, ...options.headers },
        ...(payload === undefined ? {} : { payload }),
      });
    };
    return {
      get: (path, options) => send('GET', path, options),
      post: (path, body, options) => send('POST', path, { ...options, body: options?.body ?? body }),
      put: (path, body, options) => send('PUT', path, { ...options, body: options?.body ?? body }),
      delete: (path, options) => send('DELETE', path, options),
      json: async (path, options) => {
        const response = await send('GET', path, options);
        if (response.statusCode !== 200)
          throw new Error(`GET ${path}: ${response.statusCode} ${response.body}`);
        return response.json();
      },
    };
  };
  return {
    server,
    auth,
    dataDir: dir.path,
    syncs,
    api,
    close: async () => {
      await server.stop();
      await dir.remove();
    },
  };
};

/** One server for a whole test file: started before its tests, stopped after them. */
export const restServerForSuite = (overrides: Partial<ServerConfig> = {}): (() => RestTestServer) => {
  let server: RestTestServer | undefined;
  beforeAll(async () => {
    server = await startRestServer(overrides);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined) throw new Error('the suite server is not started');
    return server;
  };
};
