import type { FastifyPluginAsync } from 'fastify';
import type { Operation } from '../../../application/operations/operation.js';
import { requireAcceptable, sendEntity, sendNoContent } from '../http/reply.js';
import { notFound } from '../http/rest-error.js';
import type { RouteContext } from '../route-context.js';

export interface MonitorOptions extends RouteContext {
  /** Route path of the collection, e.g. `/dev_mgr/synchronize`. */
  readonly path: string;
  /** Registry key of the collection. */
  readonly collection: string;
}

/**
 * A plugin's options for a nested plugin: without the parent's `prefix`, which the child inherits
 * already (passing it on would prefix the routes twice).
 */
export const withoutPrefix = <T extends object>(options: T): Omit<T, 'prefix'> => {
  const { prefix: _prefix, ...rest } = options as T & { prefix?: string };
  return rest;
};

type WithOperation = { Params: { operation_id: string } };

/**
 * A monitor's answer: provd's `status`, and once an operation failed, why (`error`, our
 * addition: provd's clients read `status` only, and the status grammar has no room for a reason).
 */
export const monitorEntity = (operation: Operation): { status: string; error?: string } => {
  const error = operation.state === 'fail' ? operation.error : undefined;
  return { status: operation.format(), ...(error === undefined ? {} : { error }) };
};

/**
 * The monitor of an operation in progress (provd-spec §1.7): GET its status string, DELETE it
 * (the operation goes on). An unknown monitor is a 404 before authentication, as provd resolved
 * the path before checking the token.
 */
export const monitorRoutes: FastifyPluginAsync<MonitorOptions> = async (app, ctx) => {
  const find = (id: string) => {
    const operation = /^\d+$/.test(id) ? ctx.operations.get(ctx.collection, Number(id)) : undefined;
    if (operation === undefined) throw notFound();
    return operation;
  };

  app.get<WithOperation>(`${ctx.path}/:operation_id`, async (request, reply) => {
    requireAcceptable(request);
    const operation = find(request.params.operation_id);
    await ctx.authenticate(request, 'provd.operation.read');
    return sendEntity(reply, 200, monitorEntity(operation));
  });

  app.delete<WithOperation>(`${ctx.path}/:operation_id`, async (request, reply) => {
    find(request.params.operation_id);
    await ctx.authenticate(request, 'provd.operation.delete');
    ctx.operations.delete(ctx.collection, Number(request.params.operation_id));
    return sendNoContent(reply);
  });
};
