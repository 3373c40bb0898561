import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { parseFindQuery, type QueryString } from '../../../projections/find/parse-find-query.js';
import { readEntity, readEnvelope } from '../http/body.js';
import { ifMatchRevision, setEtag } from '../http/etag.js';
import { locationUnder, requireAcceptable, sendEntity, sendNoContent } from '../http/reply.js';
import type { RouteContext } from '../route-context.js';
import { linksRoute } from './link.js';

type WithId = { Params: { config_id: string } };

/** `/cfg_mgr` (provd-spec §1.5 #15–#22, §1.9). Configs are global: no tenant filtering. */
export const configRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  linksRoute(app, ctx, '/cfg_mgr', 'provd.cfg_mgr.read', [
    ['cfg.configs', '/cfg_mgr/configs'],
    ['cfg.autocreate', '/cfg_mgr/autocreate'],
  ]);

  app.get('/cfg_mgr/configs', async (request: FastifyRequest, reply) => {
    requireAcceptable(request);
    await ctx.authenticate(request, 'provd.cfg_mgr.configs.read');
    const params = parseFindQuery(request.query as QueryString, (name, value, reason) =>
      request.log.info({ parameter: name, value, reason }, 'find parameter ignored'),
    );
    return sendEntity(reply, 200, { configs: ctx.configs.list(params) });
  });

  app.post('/cfg_mgr/configs', async (request, reply) => {
    requireAcceptable(request);
    const requester = await ctx.authenticate(request, 'provd.cfg_mgr.configs.create');
    const config = readEnvelope(request, 'config');
    const id = await ctx.configs.create(config, requester);
    setEtag(reply, ctx.configs.revision(id));
    reply.header('location', locationUnder(request, id));
    return sendEntity(reply, 201, { id });
  });

  app.get<WithId>('/cfg_mgr/configs/:config_id', async (request, reply) => {
    requireAcceptable(request);
    const { config_id } = request.params;
    await ctx.authenticate(request, 'provd.cfg_mgr.configs.{config_id}.read', { config_id });
    const config = ctx.configs.get(config_id);
    setEtag(reply, ctx.configs.revision(config_id));
    return sendEntity(reply, 200, { config });
  });

  app.put<WithId>('/cfg_mgr/configs/:config_id', async (request, reply) => {
    const { config_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.cfg_mgr.configs.{config_id}.update', {
      config_id,
    });
    const config = readEnvelope(request, 'config');
    await ctx.configs.update(config_id, config, requester, { ifMatch: ifMatchRevision(request) });
    setEtag(reply, ctx.configs.revision(config_id));
    return sendNoContent(reply);
  });

  app.delete<WithId>('/cfg_mgr/configs/:config_id', async (request, reply) => {
    const { config_id } = request.params;
    const requester = await ctx.authenticate(request, 'provd.cfg_mgr.configs.{config_id}.delete', {
      config_id,
    });
    await ctx.configs.remove(config_id, requester, { ifMatch: ifMatchRevision(request) });
    return sendNoContent(reply);
  });

  app.get<WithId>('/cfg_mgr/configs/:config_id/raw', async (request, reply) => {
    requireAcceptable(request);
    const { config_id } = request.params;
    await ctx.authenticate(request, 'provd.cfg_mgr.configs.{config_id}.raw.read', { config_id });
    return sendEntity(reply, 200, { raw_config: ctx.configs.raw(config_id) });
  });

  app.post('/cfg_mgr/autocreate', async (request, reply) => {
    requireAcceptable(request);
    const requester = await ctx.authenticate(request, 'provd.cfg_mgr.autocreate.create');
    readEntity(request); // any JSON: provd ignored the content but required a valid entity
    const id = await ctx.configs.autocreate(requester);
    // provd's Location points under autocreate, not configs; clients only read the body's id.
    reply.header('location', locationUnder(request, id));
    return sendEntity(reply, 201, { id });
  });
};
