import type { FastifyPluginAsync } from 'fastify';

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
}

/**
 * provd's `GET /0.2/status` answered `{"rest_api": "ok", "bus_consumer": {...}}`; clients poll it as
 * a readiness probe. We keep `rest_api` as a string (clients depend on it) and add store and
 * projection health.
 */
export const statusRoutes: FastifyPluginAsync<{ source: StatusSource }> = async (app, { source }) => {
  app.get('/status', async () => {
    const report = await source.status();
    return { rest_api: 'ok', ...report };
  });
};
