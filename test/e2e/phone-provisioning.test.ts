import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfigCommand, runDeviceCommand } from '../../src/application/aggregates.js';
import { DEFAULT_CONFIG, type ServerConfig } from '../../src/config/server-config.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { atftpGet, curlGet, curlPut, has, tftpHpaGet } from '../tftp/support/clients.js';

/**
 * provd as a phone sees it: the real server (store, projections, plugins, HTTP and TFTP
 * listeners) on loopback, spoken to with fetch and Debian's TFTP clients.
 */

const MAC = '00:15:65:aa:bb:cc';
const FILE = '001565aabbcc.cfg';
const UA = `Yealink SIP-T46S 66.86.0.15 ${MAC}`;
const GOLDEN = join(import.meta.dirname, 'golden', FILE);

const ADMIN_TOKEN = 'e2e-test-admin-token-0123456789abcdef';

const config = (dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig => ({
  ...DEFAULT_CONFIG,
  auth: { ...DEFAULT_CONFIG.auth, adminToken: ADMIN_TOKEN },
  dataDir,
  rest: { host: '127.0.0.1', port: 0 },
  http: { ...DEFAULT_CONFIG.http, host: '127.0.0.1', port: 0 },
  tftp: { ...DEFAULT_CONFIG.tftp, host: '127.0.0.1', port: 0 },
  advertisedUrl: 'http://10.0.0.254:8667',
  logLevel: 'silent',
  ...overrides,
});

const dirs: TempDir[] = [];
const servers: RunningServer[] = [];
const start = async (overrides: Partial<ServerConfig> = {}): Promise<RunningServer> => {
  const dir = await makeTempDir('provd-e2e-');
  dirs.push(dir);
  const server = await startServer(config(dir.path, overrides), pino({ level: 'silent' }));
  servers.push(server);
  return server;
};
afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) await dir.remove();
});

const get = (server: RunningServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.httpUrl}/${path}`, { headers: { 'user-agent': UA, ...headers } });

describe('an unknown Yealink phone in default mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start();
  });

  it('is created on its first request and gets the autoprov configuration', async () => {
    const response = await get(server, FILE);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body.startsWith('#!version:1.0.0.1\n')).toBe(true);
    expect(body).toMatch(/^account\.1\.user_name = ap[a-z0-9]{8}$/m);
    expect(body).toContain('account.1.display_name = Autoprov');
    const [device] = server.readModels.devices.findByMac(MAC);
    expect(device).toMatchObject({
      added: 'auto',
      is_new: true,
      tenant_uuid: server.masterTenant,
      plugin: 'yealink',
      vendor: 'Yealink',
      model: 'T46S',
      version: '66.86.0.15',
      ip: '127.0.0.1',
    });
    expect(device?.config).toMatch(/^autoprov/);
  });

  it('answers HEAD, Range and conditional requests for the same file', async () => {
    const full = await get(server, FILE);
    const etag = full.headers.get('etag')!;
    const length = Number(full.headers.get('content-length'));
    const head = await fetch(`${server.httpUrl}/${FILE}`, { method: 'HEAD', headers: { 'user-agent': UA } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(length));
    expect(await head.text()).toBe('');
    const range = await get(server, FILE, { range: 'bytes=0-17' });
    expect(range.status).toBe(206);
    expect(await range.text()).toBe('#!version:1.0.0.1\n');
    const cached = await get(server, FILE, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
  });

  it('keeps serving correctly after random User-Agents and file names', async () => {
    const headerSafe = fc.string({ maxLength: 200 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
    const userAgent = fc.oneof(
      headerSafe,
      fc
        .constantFrom('Yealink SIP-', 'Yealink SIP-T46S ', 'Yealink W52P ')
        .chain((prefix) => headerSafe.map((rest) => prefix + rest)),
    );
    const fileName = fc.oneof(fc.stringMatching(/^[0-9a-f]{12}\.cfg$/), fc.stringMatching(/^[\w.-]{1,40}$/));
    await fc.assert(
      fc.asyncProperty(userAgent, fileName, async (ua, name) => {
        const response = await fetch(`${server.httpUrl}/${name}`, { headers: { 'user-agent': ua } });
        await response.arrayBuffer();
        expect([200, 404]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
    const after = await get(server, FILE);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('account.1.display_name = Autoprov');
  });

  it('refuses traversal without saying why', async () => {
    for (const path of ['..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', '..%5c..%5cetc%5cpasswd']) {
      const response = await get(server, path);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('Not found');
    }
  });
});

describe('a known phone with its lines', () => {
  let server: RunningServer;
  let deviceId: string;
  beforeAll(async () => {
    server = await start();
    expect((await get(server, FILE)).status).toBe(200);
    deviceId = server.readModels.devices.findByMac(MAC)[0]!.id;
    const metadata = { source: 'api' as const };
    const parent = await runConfigCommand(
      server.store,
      {
        type: 'CreateConfig',
        configId: 'site',
        config: {
          parent_ids: [],
          raw_config: {
            ntp_enabled: true,
            ntp_ip: '10.0.0.1',
            timezone: 'Europe/Paris',
            locale: 'fr_FR',
            admin_username: 'admin',
            admin_password: 'S3cret!',
            sip_dtmf_mode: 'RTP-out-of-band',
          },
        },
      },
      metadata,
    );
    const own = await runConfigCommand(
      server.store,
      {
        type: 'CreateConfig',
        configId: deviceId,
        config: {
          parent_ids: ['site'],
          X_type: 'device',
          raw_config: {
            sip_lines: {
              '1': {
                username: 'alice1001',
                password: 'linepass',
                display_name: 'Alice Example',
                number: '1001',
                proxy_ip: '10.0.0.1',
                proxy_port: 5060,
              },
              '2': {
                username: 'alice1002',
                password: 'pass2',
                display_name: 'Alice Second',
                number: '1002',
                proxy_ip: '10.0.0.1',
              },
            },
            funckeys: {
              '3': { type: 'speeddial', value: '1003', label: 'Bob' },
              '4': { type: 'blf', value: '1004', label: 'Carol', line: 1 },
              '5': { type: 'park', value: '700', label: 'Park' },
            },
          },
        },
      },
      metadata,
    );
    const assigned = await runDeviceCommand(
      server.store,
      { type: 'AssignConfig', deviceId, config: deviceId, kind: 'line', previousKind: 'autoprov' },
      metadata,
    );
    for (const result of [parent, own, assigned]) if (E.isLeft(result)) throw new Error(result.left.message);
    if (E.isRight(assigned)) await server.runner.waitFor(assigned.right.position!);
  });

  it('gets its per-MAC file over HTTP, byte for byte as the golden file', async () => {
    const response = await get(server, FILE);
    expect(response.status).toBe(200);
    const body = await response.text();
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, body);
    expect(body).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('records that the phone fetched its configuration', async () => {
    await get(server, FILE);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.readModels.devices.get(deviceId)?.remote_state_sip_username).toBe('alice1001');
    const history = server.readModels.deviceHistory
      .history(deviceId, { limit: 1000 })
      .entries.map((e) => e.type);
    expect(history).toEqual(expect.arrayContaining(['DeviceAssociatedToLine', 'RemoteStateReported']));
  });

  it.skipIf(!has('tftp'))('gets the same bytes over TFTP with tftp-hpa', async () => {
    const dir = await makeTempDir('provd-e2e-tftp-');
    dirs.push(dir);
    const out = join(dir.path, FILE);
    await tftpHpaGet('127.0.0.1', server.tftpPort!, FILE, out);
    expect(await readFile(out, 'utf8')).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it.skipIf(!has('atftp'))(
    'gets the same bytes over TFTP with atftp (blksize 1428, tsize, windowsize 8)',
    async () => {
      const dir = await makeTempDir('provd-e2e-atftp-');
      dirs.push(dir);
      const out = join(dir.path, FILE);
      const run = await atftpGet('127.0.0.1', server.tftpPort!, FILE, out, [
        'blksize 1428',
        'tsize 0',
        'windowsize 8',
      ]);
      expect(run.code).toBe(0);
      expect(await readFile(out, 'utf8')).toBe(readFileSync(GOLDEN, 'utf8'));
    },
  );

  it.skipIf(!has('curl'))('refuses a TFTP traversal', async () => {
    // --path-as-is: curl would otherwise resolve the dots itself and ask for etc/passwd.
    const run = await curlGet('127.0.0.1', server.tftpPort!, '../../etc/passwd', '/dev/null', [
      '--path-as-is',
    ]);
    expect(run.code).toBe(69);
  });
});

describe('TFTP options for the operator', () => {
  it.skipIf(!has('curl'))(
    'matches names whatever their case, and takes a phone upload into its own area',
    async () => {
      const server = await start({
        tftp: { host: '127.0.0.1', port: 0, caseInsensitive: true, uploads: true },
      });
      const dataDir = dirs.at(-1)!.path; // the one start() just made
      expect((await get(server, FILE)).status).toBe(200);
      const deviceId = server.readModels.devices.findByMac(MAC)[0]!.id;
      const dir = await makeTempDir('provd-e2e-case-');
      dirs.push(dir);
      const out = join(dir.path, 'upper.cfg');
      expect((await curlGet('127.0.0.1', server.tftpPort!, FILE.toUpperCase(), out)).code).toBe(0);
      expect(await readFile(out, 'utf8')).toContain('account.1.display_name = Autoprov');
      const log = join(dir.path, 'boot.log');
      await writeFile(log, 'phone log line\n');
      expect((await curlPut('127.0.0.1', server.tftpPort!, log, '001565aabbcc-boot.log')).code).toBe(0);
      expect(await readFile(join(dataDir, 'uploads', deviceId, '001565aabbcc-boot.log'), 'utf8')).toBe(
        'phone log line\n',
      );
    },
  );
});

describe('secure mode', () => {
  it('answers 404 to an unknown phone and creates no device', async () => {
    const server = await start({ pipelineMode: 'secure' });
    const head = await server.store.headPosition();
    expect((await get(server, FILE)).status).toBe(404);
    // The phone is told nothing; the reason is counted for operators.
    const status = (await (
      await fetch(`${server.restUrl}/0.2/status`, { headers: { 'x-auth-token': ADMIN_TOKEN } })
    ).json()) as {
      phones: Record<string, number>;
    };
    expect(status.phones).toMatchObject({ 'http.status.404': 1, 'http.reason.unknown device': 1 });
    expect(server.readModels.devices.findByMac(MAC)).toEqual([]);
    expect(await server.store.headPosition()).toBe(head);
  });
});
