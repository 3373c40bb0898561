import type { Server } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/lib/Either.js';
import type { Audience } from '../../../application/audit/audience.js';
import { parseEventFilters, parseEventQuery, type RawQuery } from '../../../application/audit/event-query.js';
import { parseInstant } from '../../../application/audit/instant.js';
import type { Authenticated } from '../auth/authenticate.js';
import { EventStream, requireEventStreamAcceptable } from '../http/event-stream.js';
import { requireAcceptable, sendEntity } from '../http/reply.js';
import { badRequest, RestError, unauthorized } from '../http/rest-error.js';
import type { RouteContext } from '../route-context.js';

type WithId = { Params: { device_id: string } };

export const AUDIT_EVENTS_ACL = 'provd.audit.events.read';
export const AUDIT_DEVICE_ACL = 'provd.audit.devices.{device_id}.read';
export const AUDIT_FILES_ACL = 'provd.audit.devices.{device_id}.files.read';
export const AUDIT_SECRETS_ACL = 'provd.audit.secrets.read';

const FILTERS = ['type', 'tenant', 'device', 'from', 'to', 'show_secrets'];
const PAGE_PARAMETERS = [...FILTERS, 'after', 'limit'];
const STREAM_PARAMETERS = [...FILTERS, 'after', 'heartbeat'];
const AT_PARAMETERS = ['at', 'show_secrets'];

/** Open event streams per listener: each holds a subscription and a socket. */
export const MAX_EVENT_STREAMS = 100;
const DRAIN_TIMEOUT_MS = 30_000;
const DEFAULT_HEARTBEAT_S = 15;

const openStreams = new WeakMap<Server, Set<EventStream>>();

/** How many audit event streams a listener has open (tests, metrics). */
export const auditStreamsOpen = (server: Server): number => openStreams.get(server)?.size ?? 0;

const orBadRequest = <T>(value: E.Either<string, T>): T => {
  if (E.isLeft(value)) throw badRequest(value.left);
  return value.right;
};

/**
 * The query string, checked: an unknown parameter is refused (an auditor's `form=` for `from=`
 * would otherwise widen the answer silently), and only `type` may be repeated.
 */
const queryOf = (request: FastifyRequest, allowed: readonly string[]): RawQuery => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.query as Record<string, string | string[]>)) {
    if (!allowed.includes(name))
      throw badRequest(`Unknown parameter "${name}" (known: ${allowed.join(', ')})`);
    if (Array.isArray(value) && name !== 'type') throw badRequest(`"${name}" is given more than once`);
    result[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
};

const integer = (name: string, text: string, min: number, max: number): number => {
  if (!/^-?\d{1,15}$/.test(text.trim()))
    throw badRequest(`"${name}" must be an integer, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max)
    throw badRequest(`"${name}" must be between ${min} and ${max}, got ${value}`);
  return value;
};

/** `at`, an ISO 8601 instant with a zone; now when absent. */
const instantOf = (query: RawQuery): Date =>
  query.at === undefined
    ? new Date()
    : orBadRequest(E.mapLeft((r: string) => `"at": ${r}`)(parseInstant(query.at)));

/**
 * The audit trail (docs/audit.md): the log's events, live or paged, and a device's state and
 * files at an instant. Tenant-scoped like devices — the master tenant sees everything, any other
 * tenant the events of the devices of its sub-tree — with ACLs of their own (`provd.audit.*`).
 * Secrets are masked unless asked for (`show_secrets=true`) with `provd.audit.secrets.read`.
 */
export const auditRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const audienceOf = async (requester: Authenticated, query: RawQuery): Promise<Audience> => {
    const show = query.show_secrets;
    if (show !== undefined && show !== 'true' && show !== 'false') {
      throw badRequest('"show_secrets" must be true or false');
    }
    const revealSecrets = show === 'true';
    // provd never answers 403: a token without the ACL is refused as any other.
    if (revealSecrets && !(await requester.may(AUDIT_SECRETS_ACL))) throw unauthorized();
    const everything = requester.tenant === ctx.masterTenant();
    return {
      everything,
      tenants: new Set(everything ? [] : await requester.visibleTenants()),
      revealSecrets,
    };
  };

  let streams = openStreams.get(app.server);
  if (streams === undefined) {
    streams = new Set();
    openStreams.set(app.server, streams);
  }
  const open = streams;
  // Before the listener waits for in-flight requests: a stream would never end by itself.
  app.addHook('preClose', async () => {
    for (const stream of [...open]) stream.close();
  });
  app.addHook('onClose', async () => {
    await ctx.audit.close();
  });

  app.get('/audit/events', async (request, reply) => {
    requireAcceptable(request);
    const requester = await ctx.authenticate(request, AUDIT_EVENTS_ACL);
    const query = queryOf(request, PAGE_PARAMETERS);
    const parsed = orBadRequest(parseEventQuery(query));
    const page = await ctx.audit.events(parsed, await audienceOf(requester, query));
    return sendEntity(reply, 200, { events: page.events, next_after: page.nextAfter, head: page.head });
  });

  app.get('/audit/events/stream', async (request, reply) => {
    requireEventStreamAcceptable(request);
    const requester = await ctx.authenticate(request, AUDIT_EVENTS_ACL);
    const query = queryOf(request, STREAM_PARAMETERS);
    const filters = orBadRequest(parseEventFilters(query));
    const audience = await audienceOf(requester, query);
    // A reconnecting EventSource names the last event it got: it resumes from there.
    const lastEventId = request.headers['last-event-id'];
    const resume = typeof lastEventId === 'string' && lastEventId.trim() !== '' ? lastEventId : query.after;
    const after =
      resume === undefined
        ? undefined
        : integer('Last-Event-ID or after', resume, -1, Number.MAX_SAFE_INTEGER);
    const heartbeat =
      query.heartbeat === undefined ? DEFAULT_HEARTBEAT_S : integer('heartbeat', query.heartbeat, 1, 300);
    if (open.size >= MAX_EVENT_STREAMS) {
      throw new RestError(
        503,
        `Too many audit event streams are open (${MAX_EVENT_STREAMS}); try again later`,
        {
          'retry-after': '10',
        },
      );
    }
    const stream = new EventStream(reply, {
      heartbeatMs: heartbeat * 1000,
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
    });
    open.add(stream);
    const failed = (error: unknown): void => {
      request.log.error({ err: error }, 'audit event stream failed');
      void stream
        .comment('error: the event log cannot be read; reconnect later')
        .finally(() => stream.close());
    };
    try {
      const subscription = await ctx.audit.follow(filters, audience, after, {
        onEvent: (event) => stream.send(event.position, event.type, event),
        onError: failed,
      });
      stream.onClose(() => {
        open.delete(stream);
        void subscription.close();
      });
    } catch (error) {
      // The answer has started: a failure can only end it (the client reconnects).
      open.delete(stream);
      failed(error);
    }
    return reply;
  });

  app.get<WithId>('/audit/devices/:device_id/state', async (request, reply) => {
    requireAcceptable(request);
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, AUDIT_DEVICE_ACL, { device_id });
    const query = queryOf(request, AT_PARAMETERS);
    const at = instantOf(query);
    return sendEntity(reply, 200, await ctx.audit.stateAt(device_id, at, await audienceOf(requester, query)));
  });

  app.get<WithId>('/audit/devices/:device_id/files', async (request, reply) => {
    requireAcceptable(request);
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, AUDIT_FILES_ACL, { device_id });
    const query = queryOf(request, AT_PARAMETERS);
    const at = instantOf(query);
    return sendEntity(reply, 200, await ctx.audit.filesAt(device_id, at, await audienceOf(requester, query)));
  });
};
