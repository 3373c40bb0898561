import type { FastifyPluginAsync } from 'fastify';
import { isJsonObject } from '../../../domain/shared/json.js';
import { readEntity } from '../http/body.js';
import { requireAcceptable, sendEntity, sendNoContent } from '../http/reply.js';
import { badRequest, notFound } from '../http/rest-error.js';
import type { RouteContext } from '../route-context.js';
import { link } from './link.js';

type WithParam = { Params: { param_id: string } };

/** `/configure` (provd-spec §1.5 #2–#4, §7.1, §4.4). */
export const paramRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.get('/configure', async (request, reply) => {
    requireAcceptable(request);
    const requester = await ctx.authenticate(request, 'provd.configure.read');
    const params = ctx.params.list(requester).map((param) => ({
      ...param,
      links: [link('srv.configure.param', `/configure/${param.id}`)],
    }));
    return sendEntity(reply, 200, { params });
  });

  app.get<WithParam>('/configure/:param_id', async (request, reply) => {
    requireAcceptable(request);
    const { param_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.configure.{tenant_uuid}.{param_id}.read', {
      param_id,
    });
    if (!ctx.params.exists(param_id)) throw notFound();
    return sendEntity(reply, 200, { param: { value: ctx.params.value(param_id, requester) } });
  });

  app.put<WithParam>('/configure/:param_id', async (request, reply) => {
    const { param_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.configure.{tenant_uuid}.{param_id}.update', {
      param_id,
    });
    const entity = readEntity(request);
    if (!ctx.params.exists(param_id)) throw notFound();
    const param = isJsonObject(entity) ? entity.param : undefined;
    if (!isJsonObject(param) || !Object.hasOwn(param, 'value'))
      throw badRequest('Wrong information in entity');
    await ctx.params.set(param_id, param.value ?? null, requester);
    return sendNoContent(reply);
  });
};
