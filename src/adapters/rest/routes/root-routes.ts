import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from '../route-context.js';
import { linksRoute } from './link.js';

/** `GET /0.2/` (provd-spec §1.5 #1): the entry points. */
export const rootRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  linksRoute(app, ctx, '/', 'provd.read', [
    ['dev', '/dev_mgr'],
    ['cfg', '/cfg_mgr'],
    ['pg', '/pg_mgr'],
    ['status', '/status'],
    ['srv.configure', '/configure'],
  ]);
};
