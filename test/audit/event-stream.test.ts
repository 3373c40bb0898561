import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStreamsOpen } from '../../src/adapters/rest/routes/audit-routes.js';
import type { AuditEvent } from '../../src/application/audit/audit-event.js';
import { type RestTestServer, startRestServer } from '../rest/support/rest-server.js';
import { waitFor } from '../support/wait-for.js';
import {
  addAuditTokens,
  createDevice,
  logEvents,
  MULTITENANT_TOKEN,
  SUB1,
  SUB1_AUDITOR,
} from './support/audit-server.js';
import { openSse, type SseConnection } from './support/sse-client.js';

/** `GET /0.2/audit/events/stream`: server-sent events over a real socket. */

let t: RestTestServer;
const open: SseConnection[] = [];

beforeAll(async () => {
  t = await startRestServer();
  addAuditTokens(t);
});
afterAll(async () => {
  for (const connection of open) connection.destroy();
  await t?.close();
});

const stream = async (query = '', token = MULTITENANT_TOKEN, headers: Record<string, string> = {}) => {
  const connection = await openSse(`${t.server.restUrl}/0.2/audit/events/stream${query}`, {
    'x-auth-token': token,
    ...headers,
  });
  open.push(connection);
  return connection;
};

const eventOf = (frame: { data?: string }): AuditEvent => JSON.parse(frame.data ?? 'null') as AuditEvent;

describe('the live tail', () => {
  it('sends each new event as id, event type and JSON data', async () => {
    const connection = await stream();
    expect(connection.status).toBe(200);
    expect(connection.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(connection.headers['cache-control']).toBe('no-cache');
    expect(connection.headers['access-control-allow-origin']).toBe('*');
    await connection.waitFor((f) => f.comments.length > 0, 'the opening comment');
    expect(connection.frames.filter((f) => f.id !== undefined)).toEqual([]);

    await createDevice(t, 'live-1', { mac: '00:11:22:44:00:01' });
    const frame = await connection.waitFor((f) => f.event === 'DeviceCreated', 'DeviceCreated');
    const event = eventOf(frame);
    expect(event).toMatchObject({
      stream: 'device-live-1',
      type: 'DeviceCreated',
      revision: 0,
      source: 'api',
    });
    expect(frame.id).toBe(String(event.position));
    const created = (await logEvents(t.server.store)).find((e) => e.stream === 'device-live-1')!;
    expect(event.position).toBe(created.position);
  });

  it('resumes after Last-Event-ID with what it missed, in order', async () => {
    const log = await logEvents(t.server.store);
    const from = log.at(-4)!.position;
    const connection = await stream('', MULTITENANT_TOKEN, { 'last-event-id': String(from) });
    await connection.waitFor((f) => f.id === String(log.at(-1)!.position), 'the last event of the log');
    const ids = connection.frames.filter((f) => f.id !== undefined).map((f) => Number(f.id));
    expect(ids).toEqual(log.filter((e) => e.position > from).map((e) => e.position));
  });

  it('replays from `after`, filtered by type', async () => {
    const connection = await stream('?after=-1&type=DeviceCreated');
    await connection.waitFor((f) => f.event === 'DeviceCreated', 'a DeviceCreated');
    await createDevice(t, 'live-2', { mac: '00:11:22:44:00:02' });
    await connection.waitFor((f) => f.data?.includes('"device-live-2"') === true, 'live-2');
    expect(new Set(connection.frames.filter((f) => f.event !== undefined).map((f) => f.event))).toEqual(
      new Set(['DeviceCreated']),
    );
  });

  it('scopes a sub-tenant to its own devices', async () => {
    const connection = await stream('', SUB1_AUDITOR);
    await connection.waitFor((f) => f.comments.length > 0, 'the opening comment');
    await createDevice(t, 'live-main', { mac: '00:11:22:44:00:03' });
    await createDevice(t, 'live-sub1', { mac: '00:11:22:44:00:04' }, SUB1);
    await connection.waitFor((f) => f.data?.includes('"device-live-sub1"') === true, 'live-sub1');
    const streams = connection.frames.filter((f) => f.data !== undefined).map((f) => eventOf(f).stream);
    expect(new Set(streams)).toEqual(new Set(['device-live-sub1']));
  });

  it('sends heartbeat comments', async () => {
    const connection = await stream('?heartbeat=1');
    await connection.waitFor((f) => f.comments.includes('heartbeat'), 'a heartbeat', 3_000);
  });

  it('forgets a client that goes away', async () => {
    const server = t.server.rest.server;
    const before = auditStreamsOpen(server);
    const connection = await stream();
    await connection.waitFor((f) => f.comments.length > 0, 'the opening comment');
    expect(auditStreamsOpen(server)).toBe(before + 1);
    connection.destroy();
    await waitFor(() => auditStreamsOpen(server) === before, 'the stream to be closed');
    // The server goes on serving, other streams included.
    await createDevice(t, 'live-3', { mac: '00:11:22:44:00:05' });
  });

  it('refuses bad input before opening the stream', async () => {
    const badId = await stream('', MULTITENANT_TOKEN, { 'last-event-id': 'yesterday' });
    expect(badId.status).toBe(400);
    await badId.waitForEnd();
    expect(badId.body()).toMatch(/must be an integer/);
    const badType = await stream('?type=Nope');
    expect(badType.status).toBe(400);
    const notSse = await stream('', MULTITENANT_TOKEN, { accept: 'application/json' });
    expect(notSse.status).toBe(406);
    const noToken = await stream('', '');
    expect(noToken.status).toBe(401);
  });
});

describe('shutdown', () => {
  it('ends open streams cleanly, and the server stops at once', async () => {
    const own = await startRestServer();
    const connection = await openSse(`${own.server.restUrl}/0.2/audit/events/stream?heartbeat=300`, {
      'x-auth-token': MULTITENANT_TOKEN,
    });
    open.push(connection);
    await connection.waitFor((f) => f.comments.length > 0, 'the opening comment');
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await connection.waitForEnd();
  });
});
