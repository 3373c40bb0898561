import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROV_MIME } from '../../src/adapters/rest/http/prov-mime.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { FixtureAuth, MAIN, MULTITENANT_TOKEN, SUB1 } from '../rest/support/fixture-auth.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { sleep } from '../support/wait-for.js';
import { type ParsedExposition, parseExposition } from './support/exposition-parser.js';
import { officialParse, officialParserAvailable } from './support/official-parser.js';
import { TftpClientError, tftpRead } from './support/tftp-client.js';

/** /metrics on the whole server, spoken to as Prometheus, phones and admins would. */

const TEST_DEVICE = { 'x-test-device': 'model=T1; version=1.0; mac=00:11:22:33:44:55' };
const TEST_FILE = 'test-001122334455.cfg';

interface Started {
  readonly server: RunningServer;
  readonly auth: FixtureAuth;
  readonly dir: TempDir;
}

const start = async (overrides: Partial<ServerConfig> = {}): Promise<Started> => {
  const dir = await makeTempDir('provd-metrics-');
  const auth = new FixtureAuth();
  const server = await startServer(serverTestConfig(dir.path, overrides), pino({ level: 'silent' }), {
    auth,
  });
  return { server, auth, dir };
};

const scrape = async (server: RunningServer, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${server.restUrl}/metrics`, { headers });

const metricsOf = async (server: RunningServer): Promise<ParsedExposition> => {
  const response = await scrape(server);
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
};

const rest = (server: RunningServer, method: string, path: string, body?: unknown, tenant?: string) =>
  fetch(`${server.restUrl}${path}`, {
    method,
    headers: {
      'x-auth-token': MULTITENANT_TOKEN,
      ...(tenant ? { 'wazo-tenant': tenant } : {}),
      ...(body === undefined ? {} : { 'content-type': PROV_MIME }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('GET /metrics', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start();
  });
  afterAll(async () => {
    await s.server.stop();
    await s.dir.remove();
  });

  it('answers in the text format 0.0.4 at the root of the REST listener, without a token', async () => {
    const response = await scrape(s.server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const metrics = parseExposition(await response.text());
    for (const [name, type] of [
      ['provd_phone_requests_total', 'counter'],
      ['provd_tftp_transfers_started_total', 'counter'],
      ['provd_rest_request_duration_seconds', 'histogram'],
      ['provd_eventstore_append_duration_seconds', 'histogram'],
      ['provd_projection_lag', 'gauge'],
      ['provd_devices_by_tenant', 'gauge'],
      ['process_resident_memory_bytes', 'gauge'],
      ['nodejs_eventloop_lag_p99_seconds', 'gauge'],
    ] as const) {
      expect(metrics.types.get(name), name).toBe(type);
    }
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(metrics.value('nodejs_heap_used_bytes')).toBeGreaterThan(0);
    expect(metrics.value('provd_uptime_seconds')).toBeGreaterThan(0);
    expect(metrics.value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(metrics.value('provd_plugins_installed')).toBe(4);
    expect(metrics.value('provd_plugins_not_loaded')).toBe(0);
    // Start-up wrote the settings and seeded configs: appends were timed.
    expect(
      metrics.value('provd_eventstore_append_duration_seconds_count', { outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(metrics.value('provd_eventstore_appended_events_total')).toBeGreaterThan(0);
    // Not under the API prefixes.
    expect((await fetch(`${s.server.restUrl}/0.2/metrics`)).status).toBe(404);
  });

  it('counts phone HTTP requests by protocol and outcome, and misses by reason', async () => {
    const before = await metricsOf(s.server);
    const served = await fetch(`${s.server.httpUrl}/${TEST_FILE}`, { headers: TEST_DEVICE });
    expect(served.status).toBe(200);
    expect((await fetch(`${s.server.httpUrl}/nothing-here.cfg`)).status).toBe(404);
    expect(
      (await fetch(`${s.server.httpUrl}/${TEST_FILE}`, { method: 'POST', headers: TEST_DEVICE })).status,
    ).toBe(405);
    const after = await metricsOf(s.server);
    const moved = (name: string, labels: Record<string, string>) =>
      (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(moved('provd_phone_requests_total', { protocol: 'http', outcome: 'served' })).toBe(1);
    expect(moved('provd_phone_requests_total', { protocol: 'http', outcome: 'not_found' })).toBe(1);
    expect(moved('provd_phone_requests_total', { protocol: 'http', outcome: 'refused' })).toBe(1);
    expect(moved('provd_phone_http_responses_total', { status: '200' })).toBe(1);
    expect(moved('provd_phone_http_responses_total', { status: '405' })).toBe(1);
    // The unidentified request comes from the test phone's address: it is that device's, without such a file.
    expect(moved('provd_phone_misses_total', { protocol: 'http', reason: 'no such file' })).toBe(1);
    expect(moved('provd_phone_misses_total', { protocol: 'http', reason: 'method not allowed' })).toBe(1);
  });

  it('counts TFTP transfers, not-found requests, timeouts and retransmissions', async () => {
    const before = await metricsOf(s.server);
    const port = s.server.tftpPort!;
    const file = await tftpRead(port, TEST_FILE);
    expect(file.toString()).toContain('mac=00:11:22:33:44:55');
    await expect(tftpRead(port, 'no-such-file.bin')).rejects.toThrow(TftpClientError);
    // The first ACK comes after the server's 1 s timer: it times out and sends block 1 again.
    await tftpRead(port, TEST_FILE, { firstAckDelayMs: 1_500 });
    // The server counts a transfer once the last ACK is in, a moment after the client is done.
    let after = await metricsOf(s.server);
    for (let i = 0; i < 100 && after.value('provd_tftp_transfers_active') !== 0; i++) {
      await sleep(20);
      after = await metricsOf(s.server);
    }
    const moved = (name: string, labels: Record<string, string> = {}) =>
      (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(moved('provd_tftp_transfers_started_total', { direction: 'read' })).toBe(2);
    expect(moved('provd_tftp_transfers_completed_total', { direction: 'read' })).toBe(2);
    expect(moved('provd_tftp_transfers_failed_total', { direction: 'read' })).toBe(0);
    expect(after.value('provd_tftp_transfers_active')).toBe(0);
    expect(moved('provd_tftp_transferred_bytes_total', { direction: 'read' })).toBe(2 * file.length);
    expect(moved('provd_tftp_timeouts_total')).toBeGreaterThanOrEqual(1);
    expect(moved('provd_tftp_retransmitted_packets_total')).toBeGreaterThanOrEqual(1);
    expect(moved('provd_phone_requests_total', { protocol: 'tftp', outcome: 'served' })).toBe(2);
    expect(moved('provd_phone_requests_total', { protocol: 'tftp', outcome: 'not_found' })).toBe(1);
    expect(moved('provd_phone_misses_total', { protocol: 'tftp', reason: 'no such file' })).toBe(1);
  });

  it('counts REST requests by route pattern, never by URL, and times them', async () => {
    const created = await rest(s.server, 'POST', '/0.2/dev_mgr/devices', {
      device: { id: 'rest-metrics-1' },
    });
    expect(created.status).toBe(201);
    expect((await rest(s.server, 'GET', '/0.2/dev_mgr/devices/rest-metrics-1')).status).toBe(200);
    expect((await rest(s.server, 'GET', '/api/provd/0.2/dev_mgr/devices/rest-metrics-1')).status).toBe(200);
    expect((await rest(s.server, 'GET', '/0.2/dev_mgr/devices/no-such-device')).status).toBe(404);
    expect((await fetch(`${s.server.restUrl}/0.2/dev_mgr/devices`)).status).toBe(401);
    expect((await fetch(`${s.server.restUrl}/0.2/no/such/route/rest-metrics-1`)).status).toBe(404);
    const text = await (await scrape(s.server)).text();
    const metrics = parseExposition(text);
    expect(text).not.toContain('rest-metrics-1');
    expect(text).not.toContain('no-such-device');
    const route = '/0.2/dev_mgr/devices/:device_id';
    expect(metrics.value('provd_rest_requests_total', { method: 'GET', route, status: '200' })).toBe(1);
    expect(metrics.value('provd_rest_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    expect(
      metrics.value('provd_rest_requests_total', {
        method: 'GET',
        route: '/api/provd/0.2/dev_mgr/devices/:device_id',
        status: '200',
      }),
    ).toBe(1);
    expect(
      metrics.value('provd_rest_requests_total', {
        method: 'POST',
        route: '/0.2/dev_mgr/devices',
        status: '201',
      }),
    ).toBe(1);
    expect(
      metrics.value('provd_rest_requests_total', {
        method: 'GET',
        route: '/0.2/dev_mgr/devices',
        status: '401',
      }),
    ).toBe(1);
    expect(
      metrics.value('provd_rest_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    // The scrape itself is counted by the next one.
    const again = await metricsOf(s.server);
    expect(
      again.value('provd_rest_requests_total', { method: 'GET', route: '/metrics', status: '200' }),
    ).toBeGreaterThan(0);
    expect(metrics.value('provd_rest_request_duration_seconds_count', { method: 'GET', route })).toBe(2);
  });

  it('writes every histogram cumulatively: buckets never decrease and +Inf is the count', async () => {
    const metrics = await metricsOf(s.server);
    const histograms = [...metrics.types].filter(([, type]) => type === 'histogram').map(([name]) => name);
    expect(histograms).toEqual([
      'provd_eventstore_append_duration_seconds',
      'provd_rest_request_duration_seconds',
    ]);
    let series = 0;
    for (const name of histograms) {
      for (const count of metrics.select(`${name}_count`)) {
        series++;
        const buckets = metrics
          .select(`${name}_bucket`, count.labels)
          .filter((b) => Object.keys(b.labels).length === Object.keys(count.labels).length + 1);
        const bounds = buckets.map((b) => Number(b.labels.le === '+Inf' ? Infinity : b.labels.le));
        expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
        expect(bounds.at(-1)).toBe(Infinity);
        const values = buckets.map((b) => b.value);
        expect(values).toEqual([...values].sort((a, b) => a - b));
        expect(values.at(-1)).toBe(count.value);
        expect(metrics.value(`${name}_sum`, count.labels)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(series).toBeGreaterThan(3);
  });

  it('counts devices by tenant and by plugin at scrape time', async () => {
    for (const [id, tenant] of [
      ['tenant-main-a', MAIN],
      ['tenant-sub1-a', SUB1],
      ['tenant-sub1-b', SUB1],
    ] as const) {
      expect((await rest(s.server, 'POST', '/0.2/dev_mgr/devices', { device: { id } }, tenant)).status).toBe(
        201,
      );
    }
    const metrics = await metricsOf(s.server);
    const byTenant = s.server.readModels.devices.countByTenant();
    expect(byTenant.get(SUB1)).toBe(2);
    for (const [tenant, n] of byTenant) expect(metrics.value('provd_devices_by_tenant', { tenant })).toBe(n);
    expect(metrics.select('provd_devices_by_tenant')).toHaveLength(byTenant.size);
    // The phone that asked for test-<mac>.cfg is the test plugin's; devices made through the API have none.
    expect(metrics.value('provd_devices_by_plugin', { plugin: 'test' })).toBe(1);
    expect(metrics.value('provd_devices_by_plugin', { plugin: '' })).toBe(4);
    expect(metrics.value('provd_devices')).toBe(5);
  });

  it('reports the projection position, the head of the log and the lag between them', async () => {
    const head = await s.server.store.headPosition();
    await s.server.runner.waitFor(head);
    const metrics = await metricsOf(s.server);
    expect(metrics.value('provd_eventstore_up')).toBe(1);
    expect(metrics.value('provd_eventstore_head_position')).toBe(head);
    expect(metrics.value('provd_projection_position')).toBe(head);
    expect(metrics.value('provd_projection_lag')).toBe(0);
    expect(metrics.value('provd_projection_up')).toBe(1);
  });

  it('is read by the Prometheus client parser as the same families', async (context) => {
    if (!officialParserAvailable()) context.skip('python3-prometheus-client is not installed');
    const text = await (await scrape(s.server)).text();
    const ours = parseExposition(text);
    const theirs = officialParse(text);
    // The Python client drops `_total` from counter family names.
    expect(theirs.map((f) => f.name)).toEqual(
      [...ours.types.keys()].map((name) => name.replace(/_total$/, '')),
    );
    expect(theirs.reduce((n, f) => n + f.samples.length, 0)).toBe(ours.samples.length);
  });
});

describe('GET /metrics with metrics.require_token', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start({ metrics: { requireToken: true } });
    s.auth.addToken('scraper-token', MAIN, ['provd.metrics.read']);
    s.auth.addToken('devices-reader', MAIN, ['provd.dev_mgr.devices.read']);
  });
  afterAll(async () => {
    await s.server.stop();
    await s.dir.remove();
  });

  it('refuses a scrape without a valid token holding provd.metrics.read (401)', async () => {
    expect((await scrape(s.server)).status).toBe(401);
    expect((await scrape(s.server, { 'x-auth-token': 'not-a-token' })).status).toBe(401);
    expect((await scrape(s.server, { 'x-auth-token': 'devices-reader' })).status).toBe(401);
    const allowed = await scrape(s.server, { 'x-auth-token': 'scraper-token' });
    expect(allowed.status).toBe(200);
    expect(parseExposition(await allowed.text()).value('provd_projection_up')).toBe(1);
    // provd.# holds every ACL, this one included.
    expect((await scrape(s.server, { 'x-auth-token': MULTITENANT_TOKEN })).status).toBe(200);
  });

  it("takes the token from Prometheus's Authorization: Bearer header too", async () => {
    expect((await scrape(s.server, { authorization: 'Bearer scraper-token' })).status).toBe(200);
    expect((await scrape(s.server, { authorization: 'Bearer devices-reader' })).status).toBe(401);
    expect((await scrape(s.server, { authorization: 'Basic c2NyYXBlci10b2tlbg==' })).status).toBe(401);
  });
});
