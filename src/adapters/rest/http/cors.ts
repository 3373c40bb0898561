import type { FastifyInstance } from 'fastify';

/** provd's CORS headers, on every response (provd-spec §1.2). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers':
    'Origin, X-Requested-With, Accept, Content-Type, X-Auth-Token, Wazo-Tenant, If-Match',
  'access-control-allow-credentials': 'false',
  'access-control-expose-headers': 'Location, ETag',
};

/**
 * Adds the CORS headers to every response and answers any OPTIONS at once (200, empty, no auth,
 * no routing), as provd did, before fastify would look for a route.
 */
export const installCors = (app: FastifyInstance): void => {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(CORS_HEADERS);
    if (request.method === 'OPTIONS') await reply.code(200).send();
  });
};
