import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  MaintenanceBusyError,
  type ReadModelMaintenance,
  UnknownProjectionError,
} from '../../../application/maintenance/read-model-maintenance.js';
import type { Operation } from '../../../application/operations/operation.js';
import { isJsonObject } from '../../../domain/shared/json.js';
import { readEntity } from '../http/body.js';
import {
  locationUnder,
  requireAcceptable,
  sendCreatedMonitor,
  sendEntity,
  sendNoContent,
} from '../http/reply.js';
import { badRequest, notFound, RestError, unauthorized } from '../http/rest-error.js';
import type { RouteContext } from '../route-context.js';
import { monitorEntity, monitorRoutes, withoutPrefix } from './monitor-routes.js';

export interface AdminRouteOptions extends RouteContext {
  readonly maintenance: ReadModelMaintenance;
}

export const REBUILD_COLLECTION = 'admin/rebuild';
const VERIFY_COLLECTION = 'admin/verify';

type WithOperation = { Params: { operation_id: string } };

/** `{"projection": "<name>"}`, or `{}` for every projection. */
const readProjection = (request: FastifyRequest): string | undefined => {
  const entity = readEntity(request);
  if (!isJsonObject(entity)) throw badRequest('Expected a JSON object');
  const name = entity.projection;
  if (name === undefined) return undefined;
  if (typeof name !== 'string') throw badRequest('"projection" must be a string');
  return name;
};

const refused = (error: unknown): never => {
  if (error instanceof UnknownProjectionError) throw badRequest(error.message);
  if (error instanceof MaintenanceBusyError) throw new RestError(409, error.message);
  throw error;
};

/**
 * `/admin`: rebuilding the read models from the log while serving, and checking them against a
 * rebuild. Both act on the whole server, so they are for the master tenant only (a token acting
 * on another tenant is refused as provd refuses everything: 401).
 */
export const adminRoutes: FastifyPluginAsync<AdminRouteOptions> = async (app, options) => {
  const { maintenance } = options;
  const ctx = withoutPrefix(options);

  const authenticateMaster = async (request: FastifyRequest, acl: string): Promise<void> => {
    const requester = await ctx.authenticate(request, acl);
    if (requester.tenant !== ctx.masterTenant()) throw unauthorized();
  };

  app.post('/admin/rebuild', async (request, reply) => {
    await authenticateMaster(request, 'provd.admin.rebuild.create');
    const name = readProjection(request);
    let operation: Operation;
    try {
      operation = maintenance.rebuild(name);
    } catch (error) {
      return refused(error);
    }
    const n = ctx.operations.add(REBUILD_COLLECTION, operation);
    return sendCreatedMonitor(reply, locationUnder(request, n));
  });
  await app.register(monitorRoutes, { ...ctx, path: '/admin/rebuild', collection: REBUILD_COLLECTION });

  app.post('/admin/verify', async (request, reply) => {
    await authenticateMaster(request, 'provd.admin.verify.create');
    readEntity(request);
    let operation: Operation;
    try {
      operation = maintenance.verify();
    } catch (error) {
      return refused(error);
    }
    const n = ctx.operations.add(VERIFY_COLLECTION, operation);
    return sendCreatedMonitor(reply, locationUnder(request, n));
  });

  const verification = (id: string): Operation => {
    const operation = /^\d+$/.test(id) ? ctx.operations.get(VERIFY_COLLECTION, Number(id)) : undefined;
    if (operation === undefined) throw notFound();
    return operation;
  };

  // A monitor like the others, with what the verification found once it is done.
  app.get<WithOperation>('/admin/verify/:operation_id', async (request, reply) => {
    requireAcceptable(request);
    const operation = verification(request.params.operation_id);
    await ctx.authenticate(request, 'provd.operation.read');
    const report = maintenance.report(operation);
    return sendEntity(reply, 200, {
      ...monitorEntity(operation),
      ...(report === undefined ? {} : { report }),
    });
  });

  app.delete<WithOperation>('/admin/verify/:operation_id', async (request, reply) => {
    verification(request.params.operation_id);
    await ctx.authenticate(request, 'provd.operation.delete');
    ctx.operations.delete(VERIFY_COLLECTION, Number(request.params.operation_id));
    return sendNoContent(reply);
  });
};

/** The admin routes with the server's maintenance service, for the REST app's extra routes. */
export const adminRoutesWith =
  (maintenance: ReadModelMaintenance): FastifyPluginAsync<RouteContext> =>
  async (app, ctx) => {
    await app.register(adminRoutes, { ...withoutPrefix(ctx), maintenance });
  };
