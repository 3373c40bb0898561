import type { FastifyPluginAsync } from 'fastify';
import { EXPOSITION_CONTENT_TYPE } from '../../../application/metrics/exposition/exposition.js';
import type { MetricsRegistry } from '../../../application/metrics/registry/metrics-registry.js';
import type { Authenticate } from '../auth/authenticate.js';

export const METRICS_ACL = 'provd.metrics.read';

export interface MetricsRouteOptions {
  readonly registry: MetricsRegistry;
  /** Set when `metrics.require_token` is on: scrapers then send a token holding METRICS_ACL. */
  readonly authenticate?: Authenticate;
}

/**
 * `GET /metrics` at the root of the REST listener, where Prometheus looks by default. Open by
 * default like most exporters (the listener is on loopback unless configured otherwise); the
 * numbers say how many devices each tenant has, which some operators will want behind a token.
 */
export const metricsRoute: FastifyPluginAsync<MetricsRouteOptions> = async (app, options) => {
  app.get('/metrics', async (request, reply) => {
    // Prometheus sends credentials as `Authorization: Bearer` (bearer_token_file, authorization):
    // taken as the X-Auth-Token the rest of the API wants.
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && request.headers['x-auth-token'] === undefined) {
      request.headers['x-auth-token'] = bearer;
    }
    if (options.authenticate) await options.authenticate(request, METRICS_ACL);
    const text = await options.registry.render();
    return reply.code(200).header('cache-control', 'no-store').type(EXPOSITION_CONTENT_TYPE).send(text);
  });
};
