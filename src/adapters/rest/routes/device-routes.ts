import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/lib/Either.js';
import { parseFindQuery, type QueryString } from '../../../projections/find/parse-find-query.js';
import { readEntity, readEnvelope, readIdEntity } from '../http/body.js';
import { ifMatchRevision, setEtag } from '../http/etag.js';
import {
  locationUnder,
  requireAcceptable,
  sendCreatedMonitor,
  sendEntity,
  sendNoContent,
} from '../http/reply.js';
import { badRequest, notFound } from '../http/rest-error.js';
import type { RouteContext } from '../route-context.js';
import { linksRoute } from './link.js';
import { monitorRoutes, withoutPrefix } from './monitor-routes.js';

type WithId = { Params: { device_id: string } };

const query = (request: FastifyRequest): QueryString => request.query as QueryString;

/** How long a DHCP lease's processing may hold the answer before we reply anyway. */
const DHCP_WAIT_MS = 5_000;

/** `/dev_mgr` (provd-spec §1.5 #5–#14, §1.8) and our event-sourcing extensions under it. */
export const deviceRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  linksRoute(app, ctx, '/dev_mgr', 'provd.dev_mgr.read', [
    ['dev.synchronize', '/dev_mgr/synchronize'],
    ['dev.reconfigure', '/dev_mgr/reconfigure'],
    ['dev.dhcpinfo', '/dev_mgr/dhcpinfo'],
    ['dev.devices', '/dev_mgr/devices'],
  ]);

  app.get('/dev_mgr/devices', async (request, reply) => {
    requireAcceptable(request);
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.read');
    const q = query(request);
    const params = parseFindQuery(q, (name, value, reason) =>
      request.log.info({ parameter: name, value, reason }, 'find parameter ignored'),
    );
    const recurse = typeof q.recurse === 'string' && (q.recurse === 'true' || q.recurse === 'True');
    const devices = await ctx.devices.list(params, requester, recurse);
    return sendEntity(reply, 200, { devices });
  });

  app.post('/dev_mgr/devices', async (request, reply) => {
    requireAcceptable(request);
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.create');
    const fields = readEnvelope(request, 'device');
    const id = await ctx.devices.create(fields, requester, ctx.masterTenant());
    setEtag(reply, ctx.devices.revision(id));
    reply.header('location', locationUnder(request, id));
    return sendEntity(reply, 201, { id });
  });

  app.get<WithId>('/dev_mgr/devices/:device_id', async (request, reply) => {
    requireAcceptable(request);
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.{device_id}.read', {
      device_id,
    });
    const at = query(request).at;
    if (typeof at === 'string') {
      const instant = new Date(at);
      if (Number.isNaN(instant.getTime())) throw badRequest(`Invalid "at" instant: ${at}`);
      return sendEntity(reply, 200, { device: await ctx.devices.at(device_id, instant, requester) });
    }
    const device = await ctx.devices.get(device_id, requester);
    setEtag(reply, ctx.devices.revision(device_id));
    return sendEntity(reply, 200, { device });
  });

  app.put<WithId>('/dev_mgr/devices/:device_id', async (request, reply) => {
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.{device_id}.update', {
      device_id,
    });
    const fields = readEnvelope(request, 'device');
    const ifMatch = ifMatchRevision(request);
    await ctx.devices.update(device_id, fields, requester, ctx.masterTenant(), { ifMatch });
    setEtag(reply, ctx.devices.revision(device_id));
    return sendNoContent(reply);
  });

  app.delete<WithId>('/dev_mgr/devices/:device_id', async (request, reply) => {
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.{device_id}.delete', {
      device_id,
    });
    await ctx.devices.remove(device_id, requester, { ifMatch: ifMatchRevision(request) });
    return sendNoContent(reply);
  });

  app.get<WithId>('/dev_mgr/devices/:device_id/history', async (request, reply) => {
    requireAcceptable(request);
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.{device_id}.history.read', {
      device_id,
    });
    const tenant = await ctx.devices.lastTenant(device_id);
    // The master tenant is above every tenant, deleted ones included: auditors acting from it
    // read the history of a device whose tenant is gone.
    const visible =
      requester.tenant === ctx.masterTenant() || (await requester.visibleTenants()).includes(tenant ?? '');
    if (tenant === undefined || !visible) {
      throw notFound();
    }
    const q = query(request);
    const integer = (name: string): number | undefined => {
      const value = q[name];
      if (typeof value !== 'string') return undefined;
      if (!/^-?\d+$/.test(value)) throw badRequest(`"${name}" must be an integer`);
      return Number(value);
    };
    const page = ctx.history.history(device_id, { after: integer('after'), limit: integer('limit') });
    return sendEntity(reply, 200, {
      history: page.entries.map((entry) => ({
        revision: entry.revision,
        position: entry.position,
        type: entry.type,
        recorded_at: entry.recordedAt,
        source: entry.source,
        ...(entry.actor === undefined
          ? {}
          : {
              actor: {
                ...(entry.actor.tokenId === undefined ? {} : { token_id: entry.actor.tokenId }),
                ...(entry.actor.tenantUuid === undefined ? {} : { tenant_uuid: entry.actor.tenantUuid }),
                ...(entry.actor.userUuid === undefined ? {} : { user_uuid: entry.actor.userUuid }),
              },
            }),
        ...(entry.clientIp === undefined ? {} : { client_ip: entry.clientIp }),
        data: entry.data,
      })),
      next_after: page.nextAfter ?? null,
    });
  });

  app.get<WithId>('/dev_mgr/devices/:device_id/files', async (request, reply) => {
    requireAcceptable(request);
    const { device_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.devices.{device_id}.files.read', {
      device_id,
    });
    await ctx.devices.get(device_id, requester);
    const reveal = await requester.may('provd.dev_mgr.devices.{device_id}.files.secrets.read');
    return sendEntity(reply, 200, await ctx.deviceFiles.view(device_id, reveal));
  });

  app.post('/dev_mgr/synchronize', async (request, reply) => {
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.synchronize.create');
    const id = readIdEntity(request);
    const operation = await ctx.deviceSync.start(id, requester);
    const n = ctx.operations.add('dev_mgr/synchronize', operation);
    return sendCreatedMonitor(reply, locationUnder(request, n));
  });
  await app.register(monitorRoutes, {
    ...withoutPrefix(ctx),
    path: '/dev_mgr/synchronize',
    collection: 'dev_mgr/synchronize',
  });

  app.post('/dev_mgr/reconfigure', async (request, reply) => {
    const requester = await ctx.authenticate(request, 'provd.dev_mgr.reconfigure.create');
    const id = readIdEntity(request);
    await ctx.devices.reconfigure(id, requester);
    return sendNoContent(reply);
  });

  app.post('/dev_mgr/dhcpinfo', async (request, reply) => {
    await ctx.authenticate(request, 'provd.dev_mgr.dhcpinfo.create');
    const submitted = ctx.dhcp.submit(readEntity(request), request.id);
    if (E.isLeft(submitted)) throw badRequest(submitted.left);
    // provd answered before processing; waiting (briefly) lets the client's next read see the device.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      submitted.right,
      new Promise((resolve) => {
        timer = setTimeout(resolve, DHCP_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    return sendNoContent(reply);
  });
};
