import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type StatusSource, statusRoutes } from './status-routes.js';

export interface RestDeps {
  readonly logger: FastifyBaseLogger;
  readonly status: StatusSource;
}

/**
 * The admin REST listener. Routes live under `/0.2` and, for clients that skip the reverse proxy,
 * under `/api/provd/0.2` too.
 */
export const buildRestApp = (deps: RestDeps): FastifyInstance => {
  const app = Fastify({ loggerInstance: deps.logger, bodyLimit: 16 * 1024 * 1024 });
  for (const prefix of ['/0.2', '/api/provd/0.2']) {
    app.register(statusRoutes, { prefix, source: deps.status });
  }
  return app;
};
