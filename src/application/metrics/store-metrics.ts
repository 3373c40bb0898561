import type { MetricsRegistry } from './registry/metrics-registry.js';

/** Buckets for appends: an SQLite commit with fsync takes ~0.2–2 ms, a KurrentDB round trip more. */
const APPEND_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

export interface AppendMeasure {
  readonly outcome: string;
  readonly seconds: number;
  readonly events: number;
}

/** What the metered event store reports, as metrics: append latency by outcome and events written. */
export const registerStoreMetrics = (registry: MetricsRegistry): ((measure: AppendMeasure) => void) => {
  const latency = registry.histogram({
    name: 'provd_eventstore_append_duration_seconds',
    help: 'Time to append to the event log (durable when it returns), by outcome: ok, conflict (another writer was first), error.',
    labelNames: ['outcome'],
    buckets: APPEND_BUCKETS,
  });
  const appended = registry.counter({
    name: 'provd_eventstore_appended_events_total',
    help: 'Events appended to the log by this process.',
  });
  return ({ outcome, seconds, events }) => {
    latency.observe({ outcome }, seconds);
    appended.inc(undefined, events);
  };
};
