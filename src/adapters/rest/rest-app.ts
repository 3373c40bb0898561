import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { installCors } from './http/cors.js';
import { NO_SUCH_RESOURCE, RestError } from './http/rest-error.js';
import type { RouteContext } from './route-context.js';
import { auditRoutes } from './routes/audit-routes.js';
import { configRoutes } from './routes/config-routes.js';
import { deviceRoutes } from './routes/device-routes.js';
import { toRestError } from './routes/map-admin-error.js';
import { paramRoutes } from './routes/param-routes.js';
import { rootRoutes } from './routes/root-routes.js';
import { statusRoutes } from './routes/status-routes.js';

export interface RestDeps extends RouteContext {
  readonly logger: FastifyBaseLogger;
  /** Route plugins registered next to provd's (plugin management, API documents). */
  readonly extraRoutes?: readonly FastifyPluginAsync<RouteContext>[];
  /** Largest request body accepted (default 16 MiB: a config with 1024 SIP lines is ~200 KiB). */
  readonly bodyLimit?: number;
}

/** The API lives under `/0.2`, and under `/api/provd/0.2` for clients that skip the reverse proxy. */
export const API_PREFIXES = ['/0.2', '/api/provd/0.2'] as const;

const TEXT = 'text/plain; charset=utf-8';

/** Fastify path patterns as regexes, to tell a wrong method (405) from an unknown path (404). */
const patternOf = (url: string): RegExp =>
  new RegExp(
    `^${url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );

/**
 * The admin REST listener (provd-spec §1): provd's media-type rules, plain-text errors, CORS on
 * every answer, 405 for a known path with another method, and no framework error page ever: a
 * client mistake is a 4xx with a clear text, an internal failure a 500 without details.
 */
export const buildRestApp = (deps: RestDeps): FastifyInstance => {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimit ?? 16 * 1024 * 1024,
    genReqId: () => randomUUID(),
    // Paths are matched as sent: provd had no trailing-slash or case folding either.
    routerOptions: { ignoreTrailingSlash: false },
  });
  installCors(app);

  // Bodies are read raw and checked by the handler that needs one (readEntity): provd's 415 and
  // 400 messages instead of fastify's, whatever the content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method: String(method), pattern: patternOf(route.url) });
  });

  app.setErrorHandler((raw, request, reply) => {
    const error = toRestError(raw);
    if (error instanceof RestError) {
      return reply.code(error.statusCode).headers(error.headers).type(TEXT).send(error.message);
    }
    const fastifyError = error as { statusCode?: number; code?: string; message?: string };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).type(TEXT).send('Request entity too large');
    }
    if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
      return reply
        .code(fastifyError.statusCode)
        .type(TEXT)
        .send(fastifyError.message ?? 'Bad request');
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).type(TEXT).send('Internal server error');
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].filter(
      (method) => method !== 'HEAD',
    );
    if (allowed.length > 0) {
      return reply.code(405).header('allow', allowed.join(', ')).type(TEXT).send('Method Not Allowed');
    }
    return reply.code(404).type(TEXT).send(NO_SUCH_RESOURCE);
  });

  const plugins: FastifyPluginAsync<RouteContext>[] = [
    rootRoutes,
    statusRoutes,
    deviceRoutes,
    configRoutes,
    paramRoutes,
    auditRoutes,
    ...(deps.extraRoutes ?? []),
  ];
  for (const prefix of API_PREFIXES) {
    for (const plugin of plugins) app.register(plugin, { ...deps, prefix });
  }
  return app;
};
