import { createServer, type Server } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ServerConfig } from '../../src/config/server-config.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

const logger = pino({ level: 'silent' });

const ADMIN_TOKEN = 'start-server-test-admin-token-0123456789';

const configFor = (dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig =>
  serverTestConfig(dataDir, { auth: { ...DEFAULT_CONFIG.auth, adminToken: ADMIN_TOKEN }, ...overrides });

const dirs: TempDir[] = [];
const servers: RunningServer[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await makeTempDir('provd-server-');
  dirs.push(dir);
  return dir.path;
};
const start = async (config: ServerConfig): Promise<RunningServer> => {
  const server = await startServer(config, logger);
  servers.push(server);
  return server;
};
const stop = async (server: RunningServer): Promise<void> => {
  servers.splice(servers.indexOf(server), 1);
  await server.stop();
};

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) await dir.remove();
});

const getJson = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(url, { headers: { 'x-auth-token': ADMIN_TOKEN } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('startServer', () => {
  it('serves GET /0.2/status over a real socket once the read models are ready', async () => {
    const server = await start(configFor(await tempDir()));
    expect(server.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const head = await server.store.headPosition();
    // First start: the master tenant and the base raw config are recorded.
    expect(head).toBeGreaterThanOrEqual(1);
    const unauthenticated = await fetch(`${server.restUrl}/0.2/status`);
    expect(unauthenticated.status).toBe(401);

    for (const prefix of ['/0.2', '/api/provd/0.2']) {
      const { status, body } = await getJson(`${server.restUrl}${prefix}/status`);
      expect(status).toBe(200);
      expect(body).toEqual({
        rest_api: 'ok',
        bus_consumer: { status: 'ok' },
        store: { status: 'ok', head },
        projections: { status: 'ok', position: head },
        phones: {},
        plugins: { installed: 4, loaded: 4, not_loaded: [] },
        tftp: { status: 'ok', port: server.tftpPort },
      });
    }
    expect(server.readModels.settings.masterTenant()).toBe(server.masterTenant);
    expect(server.readModels.settings.baseRawConfig()).toMatchObject({
      http_base_url: 'http://10.0.0.254:8667',
      ip: '10.0.0.254',
      http_port: 8667,
    });
  });

  it('restarts on the same data dir with the same master tenant, writing nothing', async () => {
    const dataDir = await tempDir();
    const first = await start(configFor(dataDir));
    const { masterTenant } = first;
    const head = await first.store.headPosition();
    await stop(first);

    const second = await start(configFor(dataDir));
    expect(second.masterTenant).toBe(masterTenant);
    expect(await second.store.headPosition()).toBe(head);
    expect(second.runner.position()).toBe(head);
    // The read model was kept, not rebuilt: every checkpoint is where the first run left it.
    expect(second.runner.checkpoints().every((checkpoint) => checkpoint.position === head)).toBe(true);
    expect(second.readModels.settings.masterTenant()).toBe(masterTenant);
    const { status, body } = await getJson(`${second.restUrl}/0.2/status`);
    expect(status).toBe(200);
    expect(body.projections).toEqual({ status: 'ok', position: head });
  });

  it('records a new base raw config when the advertised URL changed, keeping the master tenant', async () => {
    const dataDir = await tempDir();
    const first = await start(configFor(dataDir));
    const head = await first.store.headPosition();
    await stop(first);

    const second = await start(configFor(dataDir, { advertisedUrl: 'https://provd.example.com' }));
    expect(second.masterTenant).toBe(first.masterTenant);
    expect(await second.store.headPosition()).toBe(head + 1);
    expect(second.runner.position()).toBe(head + 1);
    expect(second.readModels.settings.baseRawConfig()).toMatchObject({
      http_base_url: 'https://provd.example.com',
      ip: 'provd.example.com',
      http_port: 443,
    });
  });

  it('fails to start when the REST port is taken, and releases the data dir', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const dataDir = await tempDir();
      await expect(
        startServer(configFor(dataDir, { rest: { host: '127.0.0.1', port: address.port } }), logger),
      ).rejects.toThrow(/EADDRINUSE|address already in use/i);
      // Store and read model were closed: the same data dir starts cleanly.
      const server = await start(configFor(dataDir));
      expect((await getJson(`${server.restUrl}/0.2/status`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('refuses an advertised URL that is not http(s)', async () => {
    await expect(
      startServer(configFor(await tempDir(), { advertisedUrl: 'ftp://10.0.0.1' }), logger),
    ).rejects.toThrow('advertised_url must be http or https: ftp://10.0.0.1');
  });
});
