import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { MeteredEventStore } from '../adapters/eventstore/metered/metered-event-store.js';
import type { Authenticate } from '../adapters/rest/auth/authenticate.js';
import { metricsRoute } from '../adapters/rest/metrics/metrics-route.js';
import { instrumentRest } from '../adapters/rest/metrics/rest-metrics.js';
import { PhoneCounters } from '../application/metrics/phone-counters.js';
import { registerProcessMetrics } from '../application/metrics/process-metrics.js';
import { MetricsRegistry } from '../application/metrics/registry/metrics-registry.js';
import { registerStateMetrics, type StateSources } from '../application/metrics/state-metrics.js';
import { registerStoreMetrics } from '../application/metrics/store-metrics.js';
import type { EventStore } from '../eventstore/port.js';

export interface ServerMetrics {
  readonly registry: MetricsRegistry;
  /** What phones got over HTTP and TFTP; also the `phones` summary of /0.2/status. */
  readonly phone: PhoneCounters;
  /** The store every part of the server uses, its appends timed. */
  meter(store: EventStore): EventStore;
  /** Scrape-time gauges over the read models and the runner, once they exist. */
  watch(sources: StateSources): void;
  /** Times the REST app's requests and serves `GET /metrics` on it (before it listens). */
  serve(app: FastifyInstance, authenticate: Authenticate | undefined): void;
  stop(): void;
}

/** The server's metrics (docs/operations.md lists them), exposed on the REST listener. */
export const createServerMetrics = (logger: Logger): ServerMetrics => {
  const registry = new MetricsRegistry((error) =>
    logger.warn({ err: error }, 'a metrics collector failed: its gauges keep their last values'),
  );
  const stopProcess = registerProcessMetrics(registry);
  const phone = new PhoneCounters(registry);
  const observeAppend = registerStoreMetrics(registry);
  return {
    registry,
    phone,
    meter: (store) => new MeteredEventStore(store, observeAppend),
    watch: (sources) => registerStateMetrics(registry, sources),
    serve: (app, authenticate) => {
      instrumentRest(app, registry);
      app.register(metricsRoute, { registry, ...(authenticate ? { authenticate } : {}) });
    },
    stop: stopProcess,
  };
};
