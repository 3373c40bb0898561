import type { FastifyInstance } from 'fastify';
import { LATENCY_BUCKETS } from '../../../application/metrics/registry/histogram.js';
import type { MetricsRegistry } from '../../../application/metrics/registry/metrics-registry.js';

/** Anything else a client invents is counted as `other`: a method is a label value. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** Requests that matched no route (404, 405): one label value, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts REST requests by method, route and status, and times them. The route is fastify's
 * pattern (`/0.2/dev_mgr/devices/:id`), never the URL: ids in URLs would make one series per
 * device.
 */
export const instrumentRest = (app: FastifyInstance, registry: MetricsRegistry): void => {
  const requests = registry.counter({
    name: 'provd_rest_requests_total',
    help: 'Admin REST API requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'],
  });
  const duration = registry.histogram({
    name: 'provd_rest_request_duration_seconds',
    help: 'Admin REST API response time by method and route pattern, in seconds.',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
  });
  app.addHook('onResponse', async (request, reply) => {
    const method = METHODS.has(request.method) ? request.method : 'other';
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    requests.inc({ method, route, status: String(reply.statusCode) });
    duration.observe({ method, route }, reply.elapsedTime / 1000);
  });
};
