import { BoundedLabel } from './registry/bounded-label.js';
import type { Counter } from './registry/counter.js';
import { MetricsRegistry } from './registry/metrics-registry.js';
import { TftpMetrics, type TftpMetricsEvent } from './tftp-metrics.js';

export type PhoneOutcome = 'served' | 'not_modified' | 'not_found' | 'refused' | 'failed' | 'uploaded';

const httpOutcome = (status: number): PhoneOutcome => {
  if (status === 304) return 'not_modified';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'refused';
  return 'served';
};

/**
 * Counters of what phones got, by protocol and outcome, with the reason of every miss: the
 * numbers behind "why do my phones get 404s" without reading logs. Kept in memory, exposed as
 * labelled counters on /metrics and as a flat summary in /0.2/status.
 */
export class PhoneCounters {
  /** The status summary: `http.status.404`, `http.reason.unknown device`, `tftp.transfer-started`… */
  readonly #counts = new Map<string, number>();
  readonly #requests: Counter;
  readonly #httpResponses: Counter;
  readonly #misses: Counter;
  readonly #reasons = { http: new BoundedLabel(), tftp: new BoundedLabel() };
  readonly #tftp: TftpMetrics;

  constructor(registry: MetricsRegistry = new MetricsRegistry()) {
    this.#requests = registry.counter({
      name: 'provd_phone_requests_total',
      help: 'Phone requests (HTTP and TFTP) by protocol and outcome: served, not_modified, not_found, refused, failed, uploaded.',
      labelNames: ['protocol', 'outcome'],
    });
    this.#httpResponses = registry.counter({
      name: 'provd_phone_http_responses_total',
      help: 'Answers of the phone HTTP listener by status code.',
      labelNames: ['status'],
    });
    this.#misses = registry.counter({
      name: 'provd_phone_misses_total',
      help: 'Phone requests that did not get a file (404s and other refusals, failed transfers), by protocol and reason.',
      labelNames: ['protocol', 'reason'],
    });
    this.#tftp = new TftpMetrics(registry);
  }

  httpOutcome(outcome: { readonly status: number; readonly reason?: string }): void {
    this.#add(`http.status.${outcome.status}`);
    this.#httpResponses.inc({ status: String(outcome.status) });
    this.#requests.inc({ protocol: 'http', outcome: httpOutcome(outcome.status) });
    if (outcome.reason !== undefined) this.#miss('http', outcome.reason);
  }

  tftpEvent(event: TftpMetricsEvent): void {
    this.#add(`tftp.${event.type}`);
    this.#tftp.event(event);
    const outcome = tftpOutcome(event);
    if (outcome !== undefined) this.#requests.inc({ protocol: 'tftp', outcome });
    if (
      (event.type === 'not-found' || event.type === 'denied' || event.type === 'transfer-failed') &&
      event.reason
    ) {
      this.#miss('tftp', event.reason);
    }
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  #miss(protocol: 'http' | 'tftp', text: string): void {
    const reason = this.#reasons[protocol].value(text);
    this.#add(`${protocol}.reason.${reason}`);
    this.#misses.inc({ protocol, reason });
  }

  #add(key: string): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }
}

/** A TFTP request ends with one of these events; the others happen along the way. */
const tftpOutcome = (event: TftpMetricsEvent): PhoneOutcome | undefined => {
  switch (event.type) {
    case 'transfer-completed':
      return event.direction === 'write' ? 'uploaded' : 'served';
    case 'transfer-failed':
      return 'failed';
    case 'not-found':
      return 'not_found';
    case 'denied':
      return 'refused';
    default:
      return undefined;
  }
};
