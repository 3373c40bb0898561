import type { FastifyInstance } from 'fastify';
import { requireAcceptable, sendEntity } from '../http/reply.js';
import type { RouteContext } from '../route-context.js';

/** provd's hypermedia links: `{"rel": …, "href": "/0.2/…"}`. */
export const link = (rel: string, href: string): { rel: string; href: string } => ({
  rel,
  href: `/0.2${href}`,
});

export const links = (...pairs: [string, string][]): { links: { rel: string; href: string }[] } => ({
  links: pairs.map(([rel, href]) => link(rel, href)),
});

/** A resource that only lists its children (provd's `/`, `/dev_mgr`, `/cfg_mgr`, `/pg_mgr`, …). */
export const linksRoute = (
  app: FastifyInstance,
  ctx: Pick<RouteContext, 'authenticate'>,
  path: string,
  acl: string,
  pairs: [string, string][],
): void => {
  app.get(path, async (request, reply) => {
    requireAcceptable(request);
    await ctx.authenticate(request, acl);
    return sendEntity(reply, 200, links(...pairs));
  });
};
