import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/application/audit/audit-event.js';
import { restServerForSuite } from '../rest/support/rest-server.js';
import {
  addAuditTokens,
  createDevice,
  logEvents,
  MAIN,
  MAIN_AUDITOR,
  MULTITENANT_TOKEN,
  NO_AUDIT,
  putConfig,
  SUB1,
  SUB1_AUDITOR,
  SUB2,
} from './support/audit-server.js';

/** `GET /0.2/audit/events`: paging, filters, tenant scoping, masking, refusals. */

const t = restServerForSuite();

interface Page {
  events: AuditEvent[];
  next_after: number | null;
  head: number;
}

const page = async (query: string, token = MULTITENANT_TOKEN, headers: Record<string, string> = {}) => {
  const response = await t().api(token).get(`/0.2/audit/events${query}`, { headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Page>();
};

/** Every event the query selects, page after page. */
const everything = async (query: string, token = MULTITENANT_TOKEN, headers: Record<string, string> = {}) => {
  const events: AuditEvent[] = [];
  let after = -1;
  for (let pages = 0; pages < 1000; pages++) {
    const got = await page(`?after=${after}&${query}`, token, headers);
    events.push(...got.events);
    if (got.next_after === null) return { events, pages: pages + 1 };
    after = got.next_after;
  }
  throw new Error('too many pages');
};

let between: string;

beforeAll(async () => {
  addAuditTokens(t());
  await putConfig(t(), 'line-alice', {
    sip_lines: { '1': { username: 'alice', password: 'alice-pass-1', display_name: 'Alice' } },
    admin_password: 'admin-pass',
  });
  await createDevice(t(), 'main-1', { mac: '00:11:22:33:00:01', plugin: 'test', config: 'line-alice' });
  await createDevice(t(), 'sub1-1', { mac: '00:11:22:33:00:02', plugin: 'test' }, SUB1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await createDevice(t(), 'sub2-1', { mac: '00:11:22:33:00:03' }, SUB2);
  await createDevice(t(), 'sub1-2', { mac: '00:11:22:33:00:04', description: 'lobby' }, SUB1);
});

describe('paging', () => {
  it('gives every event of the log exactly once, in order, across pages', async () => {
    const log = await logEvents(t().server.store);
    const { events, pages } = await everything('limit=3');
    expect(pages).toBeGreaterThan(3);
    expect(events.map((e) => e.position)).toEqual(log.map((e) => e.position));
    const first = events.find((e) => e.stream === 'device-main-1')!;
    expect(first).toMatchObject({
      stream: 'device-main-1',
      revision: 0,
      type: 'DeviceCreated',
      schema_version: 1,
      source: 'api',
      actor: { token_id: `id-${MULTITENANT_TOKEN}`, tenant_uuid: MAIN },
      client_ip: '127.0.0.1',
    });
    expect(first.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(first.recorded_at).toISOString()).toBe(first.recorded_at);
  });

  it('says where the next page starts, null on the last, and the head of the log', async () => {
    const log = await logEvents(t().server.store);
    const first = await page('?limit=2');
    expect(first.events).toHaveLength(2);
    expect(first.next_after).toBe(first.events[1]!.position);
    expect(first.head).toBe(log.at(-1)!.position);
    const last = await page(`?after=${log.at(-2)!.position}&limit=5`);
    expect(last.events.map((e) => e.position)).toEqual([log.at(-1)!.position]);
    expect(last.next_after).toBeNull();
  });
});

describe('filters', () => {
  it('by type, several at once', async () => {
    const { events } = await everything('type=DeviceCreated,ConfigCreated&limit=1000');
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['DeviceCreated', 'ConfigCreated']));
    expect(events.filter((e) => e.type === 'DeviceCreated').map((e) => e.stream)).toEqual([
      'device-main-1',
      'device-sub1-1',
      'device-sub2-1',
      'device-sub1-2',
    ]);
    const repeated = await everything('type=DeviceCreated&type=ConfigCreated');
    expect(repeated.events).toEqual(events);
  });

  it('by time window', async () => {
    const before = await everything(`to=${between}&type=DeviceCreated`);
    const after = await everything(`from=${between}&type=DeviceCreated`);
    expect(before.events.map((e) => e.stream)).toEqual(['device-main-1', 'device-sub1-1']);
    expect(after.events.map((e) => e.stream)).toEqual(['device-sub2-1', 'device-sub1-2']);
  });

  it('by tenant: device events of that tenant only', async () => {
    const { events } = await everything(`tenant=${SUB1}`);
    expect(new Set(events.map((e) => e.stream))).toEqual(new Set(['device-sub1-1', 'device-sub1-2']));
  });

  it("by device: the device's timeline with what each event changed", async () => {
    await putConfig(t(), 'line-alice', {
      sip_lines: { '1': { username: 'alice', password: 'alice-pass-2', display_name: 'Alice Liddell' } },
      admin_password: 'admin-pass',
    });
    const { events } = await everything('device=main-1');
    expect(events[0]).toMatchObject({ type: 'DeviceCreated' });
    expect(events[0]!.changes).toEqual(
      expect.arrayContaining([
        { path: 'mac', after: '00:11:22:33:00:01' },
        { path: 'config', after: 'line-alice' },
      ]),
    );
    const update = events.find((e) => e.type === 'ConfigUpdated')!;
    expect(update.stream).toBe('config-line-alice');
    expect(update.changes).toEqual([
      { path: 'raw_config.sip_lines.1.display_name', before: 'Alice', after: 'Alice Liddell' },
      { path: 'raw_config.sip_lines.1.password', before: '********', after: '********' },
    ]);
    // Config events of configs the device never used are not in its timeline.
    expect(events.every((e) => e.stream === 'device-main-1' || e.stream === 'config-line-alice')).toBe(true);
  });
});

describe('tenant scoping', () => {
  it('shows a sub-tenant the events of its devices only, and no config or settings event', async () => {
    const { events } = await everything('', SUB1_AUDITOR);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.stream))).toEqual(new Set(['device-sub1-1', 'device-sub1-2']));
  });

  it('scopes a master token acting on a sub-tenant (Wazo-Tenant) the same way', async () => {
    const scoped = await everything('', MULTITENANT_TOKEN, { 'wazo-tenant': SUB2 });
    expect(new Set(scoped.events.map((e) => e.stream))).toEqual(new Set(['device-sub2-1']));
  });

  it("hides another tenant's device timeline as if it did not exist", async () => {
    const response = await t().api(SUB1_AUDITOR).get('/0.2/audit/events?device=main-1');
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('No such device: main-1');
    const own = await everything('device=sub1-1', SUB1_AUDITOR);
    expect(own.events.every((e) => e.stream === 'device-sub1-1')).toBe(true);
  });

  it('follows a device claimed by a tenant from the moment it is claimed', async () => {
    await createDevice(t(), 'moving', { mac: '00:11:22:33:00:09' });
    const before = await everything('device=moving', SUB1_AUDITOR).catch(() => ({ events: [] }));
    expect(before.events).toEqual([]);
    const doc = (await t().api().json<{ device: Record<string, unknown> }>('/0.2/dev_mgr/devices/moving'))
      .device;
    const moved = await t()
      .api()
      .put(
        '/0.2/dev_mgr/devices/moving',
        { device: { ...doc, tenant_uuid: SUB1 } },
        { headers: { 'wazo-tenant': SUB1 } },
      );
    expect(moved.statusCode, moved.body).toBe(204);
    const after = await everything('device=moving', SUB1_AUDITOR);
    expect(after.events.map((e) => e.type)).toContain('TenantAssigned');
    expect(after.events.map((e) => e.type)).not.toContain('DeviceCreated');
  });

  it('refuses tokens without the audit ACL', async () => {
    expect((await t().api(NO_AUDIT).get('/0.2/audit/events')).statusCode).toBe(401);
    expect((await t().api('').get('/0.2/audit/events')).statusCode).toBe(401);
  });
});

describe('secrets', () => {
  const configCreated = (events: AuditEvent[]) =>
    events.find((e) => e.type === 'ConfigCreated' && e.stream === 'config-line-alice')!.data as {
      config: {
        raw_config: { admin_password: string; sip_lines: { '1': { password: string; username: string } } };
      };
    };

  it('are masked by default, whoever asks', async () => {
    const { events } = await everything('type=ConfigCreated');
    const { raw_config } = configCreated(events).config;
    expect(raw_config.admin_password).toBe('********');
    expect(raw_config.sip_lines['1']).toEqual(
      expect.objectContaining({ password: '********', username: 'alice' }),
    );
    expect(JSON.stringify(events)).not.toContain('alice-pass-1');
  });

  it('are shown with show_secrets=true and provd.audit.secrets.read', async () => {
    const { events } = await everything('type=ConfigCreated&show_secrets=true');
    expect(configCreated(events).config.raw_config.sip_lines['1'].password).toBe('alice-pass-1');
  });

  it('are refused (401) to a token without provd.audit.secrets.read', async () => {
    const response = await t().api(MAIN_AUDITOR).get('/0.2/audit/events?show_secrets=true');
    expect(response.statusCode).toBe(401);
    expect((await t().api(MAIN_AUDITOR).get('/0.2/audit/events?show_secrets=false')).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it.each([
    ['?limit=0', /"limit" must be between 1 and 1000, got 0/],
    ['?limit=1001', /"limit" must be between 1 and 1000, got 1001/],
    ['?limit=ten', /"limit" must be an integer/],
    ['?after=-2', /"after" must be -1 or more/],
    ['?from=yesterday', /"from": not an ISO 8601 instant: "yesterday"/],
    ['?to=2026-02-30', /"to": not an ISO 8601 instant/],
    ['?from=2026-03-01T10:00:00', /has no time zone/],
    ['?from=2026-03-02&to=2026-03-01', /"from" is after "to"/],
    ['?type=DeviceExploded', /unknown event type DeviceExploded/],
    ['?form=2026-03-01', /Unknown parameter "form"/],
    ['?show_secrets=yes', /"show_secrets" must be true or false/],
    ['?limit=1&limit=2', /"limit" is given more than once/],
  ])('%s is a 400 that says why', async (query, message) => {
    const response = await t().api().get(`/0.2/audit/events${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(message);
  });

  it('an unknown device is a 404 that says so', async () => {
    const response = await t().api().get('/0.2/audit/events?device=nosuch');
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe('No such device: nosuch');
  });
});
