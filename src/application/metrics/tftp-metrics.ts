import type { Counter } from './registry/counter.js';
import type { Gauge } from './registry/gauge.js';
import type { MetricsRegistry } from './registry/metrics-registry.js';

/**
 * What the TFTP server reports (its TftpEvent), as far as metrics need it. Declared here so the
 * application layer does not depend on the adapter; the adapter's events fit it.
 */
export interface TftpMetricsEvent {
  readonly type: string;
  readonly direction?: 'read' | 'write';
  readonly reason?: string;
  /** Bytes moved by a completed or failed transfer. */
  readonly bytes?: number;
  /** Datagrams sent again after a timeout. */
  readonly packets?: number;
}

/** Transfers and their troubles: the numbers to watch when phones on a lossy link boot slowly. */
export class TftpMetrics {
  readonly #started: Counter;
  readonly #completed: Counter;
  readonly #failed: Counter;
  readonly #active: Gauge;
  readonly #bytes: Counter;
  readonly #retransmits: Counter;
  readonly #timeouts: Counter;
  readonly #malformed: Counter;

  constructor(registry: MetricsRegistry) {
    const direction = ['direction'];
    this.#started = registry.counter({
      name: 'provd_tftp_transfers_started_total',
      help: 'TFTP transfers started, by direction (read: a phone downloads; write: it uploads).',
      labelNames: direction,
    });
    this.#completed = registry.counter({
      name: 'provd_tftp_transfers_completed_total',
      help: 'TFTP transfers completed, by direction.',
      labelNames: direction,
    });
    this.#failed = registry.counter({
      name: 'provd_tftp_transfers_failed_total',
      help: 'TFTP transfers abandoned (timeout, client error, shutdown…), by direction.',
      labelNames: direction,
    });
    this.#active = registry.gauge({
      name: 'provd_tftp_transfers_active',
      help: 'TFTP transfers under way.',
    });
    this.#bytes = registry.counter({
      name: 'provd_tftp_transferred_bytes_total',
      help: 'Bytes moved by TFTP transfers (completed or failed), by direction.',
      labelNames: direction,
    });
    this.#retransmits = registry.counter({
      name: 'provd_tftp_retransmitted_packets_total',
      help: 'TFTP datagrams sent again after a retransmission timeout.',
    });
    this.#timeouts = registry.counter({
      name: 'provd_tftp_timeouts_total',
      help: 'TFTP retransmission timer expiries (the peer went silent for a while).',
    });
    this.#malformed = registry.counter({
      name: 'provd_tftp_malformed_packets_total',
      help: 'TFTP datagrams that could not be parsed or used.',
    });
  }

  event(event: TftpMetricsEvent): void {
    const direction = { direction: event.direction ?? 'read' };
    switch (event.type) {
      case 'transfer-started':
        this.#started.inc(direction);
        this.#active.inc();
        break;
      case 'transfer-completed':
        this.#completed.inc(direction);
        this.#ended(direction, event.bytes);
        break;
      case 'transfer-failed':
        this.#failed.inc(direction);
        this.#ended(direction, event.bytes);
        break;
      case 'retransmit':
        this.#retransmits.inc(undefined, event.packets ?? 1);
        break;
      case 'timeout':
        this.#timeouts.inc();
        break;
      case 'malformed':
        this.#malformed.inc();
        break;
    }
  }

  #ended(direction: { direction: string }, bytes: number | undefined): void {
    this.#active.inc(undefined, -1);
    this.#bytes.inc(direction, bytes ?? 0);
  }
}
