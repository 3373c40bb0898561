import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import { DEFAULT_CONFIG } from '../../src/config/server-config.js';
import { createLogger, REDACTED } from '../../src/server/create-logger.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

/**
 * What provd logs while serving real requests, read back as an operator (or whoever gets the
 * log files) would: every request traceable by its id, no secret anywhere.
 */

const ADMIN_TOKEN = 'logs-test-admin-token-5c2f0e8a9b7d4c61';
const WRONG_TOKEN = 'logs-test-wrong-token-7e1d3b5a2c9f8e40';
const PROVISIONING_KEY = 'logs-test-url-key-4a8b1c7d';
const SIP_PASSWORD = 'logs-test-sip-password-93f1';
const TEST_DEVICE = { 'x-test-device': 'model=T1; version=1.0; mac=00:11:22:33:44:55' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown> & { msg?: string; reqId?: string };

const capture = (): { stream: Writable; lines: () => LogLine[]; text: () => string } => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as LogLine),
  };
};

describe('logs of real requests', () => {
  const log = capture();
  let dir: TempDir;
  let server: RunningServer;

  const rest = (method: string, path: string, body?: string, token = ADMIN_TOKEN) =>
    fetch(`${server.restUrl}${path}`, {
      method,
      headers: { 'x-auth-token': token, ...(body === undefined ? {} : { 'content-type': PROV_MIME }) },
      ...(body === undefined ? {} : { body }),
    });

  beforeAll(async () => {
    dir = await makeTempDir('provd-logs-');
    const config = serverTestConfig(dir.path, {
      auth: { ...DEFAULT_CONFIG.auth, adminToken: ADMIN_TOKEN },
      http: { ...DEFAULT_CONFIG.http, host: '127.0.0.1', port: 0, authStrategy: 'url_key' },
      // Files served are logged at debug: everything an operator could turn on is checked.
      logLevel: 'debug',
    });
    server = await startServer(config, createLogger('debug', log.stream));

    const key = await rest(
      'PUT',
      '/0.2/configure/provisioning_key',
      JSON.stringify({ param: { value: PROVISIONING_KEY } }),
    );
    expect(key.status).toBe(204);
    const phone = (path: string) => fetch(`${server.httpUrl}${path}`, { headers: TEST_DEVICE });
    expect((await phone(`/${PROVISIONING_KEY}/test-001122334455.cfg`)).status).toBe(200);
    expect((await phone(`/${PROVISIONING_KEY}/missing.cfg?key=${PROVISIONING_KEY}`)).status).toBe(404);
    expect((await phone(`/${PROVISIONING_KEY.slice(0, -1)}/test-001122334455.cfg`)).status).toBe(404);

    const config1 = {
      config: {
        parent_ids: ['base'],
        raw_config: { sip_lines: { '1': { username: 'u1', password: SIP_PASSWORD } } },
      },
    };
    expect((await rest('POST', '/0.2/cfg_mgr/configs', JSON.stringify(config1))).status).toBe(201);
    // A body that cannot be read, password included, must not end up in an error line.
    const broken = `{"config": {"raw_config": {"sip_lines": {"1": {"password": "${SIP_PASSWORD}"`;
    expect((await rest('POST', '/0.2/cfg_mgr/configs', broken)).status).toBe(400);
    expect((await rest('GET', '/0.2/dev_mgr/devices', undefined, WRONG_TOKEN)).status).toBe(401);
    expect((await rest('GET', '/0.2/status')).status).toBe(200);
  });

  afterAll(async () => {
    await server?.stop();
    await dir?.remove();
  });

  it('never contains a token, a provisioning key or a password', () => {
    const text = log.text();
    expect(log.lines().length).toBeGreaterThan(20);
    for (const secret of [
      ADMIN_TOKEN,
      WRONG_TOKEN,
      PROVISIONING_KEY,
      PROVISIONING_KEY.slice(0, -1),
      SIP_PASSWORD,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs phone requests with the URL key replaced', () => {
    const served = log.lines().filter((line) => String(line.path ?? '').endsWith('test-001122334455.cfg'));
    expect(served.length).toBeGreaterThanOrEqual(2);
    for (const line of served) expect(line.path).toBe('/<url-key>/test-001122334455.cfg');
    // The query never reaches the log.
    expect(log.lines().some((line) => line.path === '/<url-key>/missing.cfg')).toBe(true);
  });

  it('logs every REST request and answer with its request id, a UUID', () => {
    const incoming = log.lines().filter((line) => line.msg === 'incoming request');
    const completed = log.lines().filter((line) => line.msg === 'request completed');
    expect(incoming.length).toBeGreaterThanOrEqual(5);
    expect(completed.length).toBe(incoming.length);
    for (const line of [...incoming, ...completed]) expect(line.reqId).toMatch(UUID);
    expect(new Set(incoming.map((line) => line.reqId)).size).toBe(incoming.length);
    // What a request line says about the request: method and URL, not its headers.
    const status = incoming.find((line) => (line.req as { url?: string }).url === '/0.2/status');
    expect(status?.req).toMatchObject({ method: 'GET', url: '/0.2/status' });
    expect(status?.req).not.toHaveProperty('headers');
  });
});

describe('createLogger', () => {
  it('redacts secrets that a future log call might pass in an object', () => {
    const log = capture();
    const logger = createLogger('info', log.stream);
    logger.info(
      {
        req: { headers: { 'x-auth-token': 'tok-1', authorization: 'Basic abc', host: 'provd' } },
        password: 'pw-1',
        config: { password: 'pw-2', serviceKey: 'key-1', username: 'alice' },
        auth: { service_key: 'key-2', adminToken: 'tok-2' },
      },
      'a careless line',
    );
    const [line] = log.lines();
    expect(line).toMatchObject({
      req: { headers: { 'x-auth-token': REDACTED, authorization: REDACTED, host: 'provd' } },
      password: REDACTED,
      config: { password: REDACTED, serviceKey: REDACTED, username: 'alice' },
      auth: { service_key: REDACTED, adminToken: REDACTED },
    });
    for (const secret of ['tok-1', 'tok-2', 'Basic abc', 'pw-1', 'pw-2', 'key-1', 'key-2']) {
      expect(log.text()).not.toContain(secret);
    }
  });
});
