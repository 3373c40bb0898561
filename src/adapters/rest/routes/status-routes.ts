import type { FastifyPluginAsync } from 'fastify';
import { requireAcceptable, sendEntity } from '../http/reply.js';
import type { RouteContext } from '../route-context.js';

export interface StatusSource {
  /** Health of the event store and of the projections, for readiness probes. */
  status(): Promise<StatusReport>;
}

export interface StatusReport {
  readonly store: { readonly status: 'ok' | 'fail'; readonly head: number; readonly error?: string };
  readonly projections: {
    readonly status: 'ok' | 'catching-up' | 'reconnecting' | 'fail';
    readonly position: number;
    readonly error?: string;
  };
  /** What phones got, by protocol and outcome, with the reasons of misses. */
  readonly phones?: Readonly<Record<string, number>>;
  /** Installed plugins, and those not running because their code failed to load (see the log). */
  readonly plugins?: {
    readonly installed: number;
    readonly loaded: number;
    readonly not_loaded: readonly string[];
  };
  /** `off`: the TFTP port could not be had (privileges, another server); the log says how to fix it. */
  readonly tftp?: { readonly status: 'ok'; readonly port: number } | { readonly status: 'off' };
}

/**
 * provd's `GET /0.2/status` answered `{"rest_api": "ok", "bus_consumer": {...}}`; clients poll it as
 * a readiness probe. We keep `rest_api` as a string (clients depend on it); we have no bus, so
 * `bus_consumer` reports the projections following the log, which is what "ready" means here;
 * store and projection health come along.
 */
export const statusRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.get('/status', async (request, reply) => {
    requireAcceptable(request);
    await ctx.authenticate(request, 'provd.status.read');
    const report = await ctx.status.status();
    const following = report.projections.status === 'ok' || report.projections.status === 'catching-up';
    return sendEntity(reply, 200, {
      rest_api: 'ok',
      bus_consumer: { status: following ? 'ok' : 'fail' },
      ...report,
    });
  });
};
