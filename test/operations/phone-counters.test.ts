import { describe, expect, it } from 'vitest';
import { PhoneCounters } from '../../src/application/metrics/phone-counters.js';
import { MetricsRegistry } from '../../src/application/metrics/registry/metrics-registry.js';
import { parseExposition } from './support/exposition-parser.js';

describe('PhoneCounters', () => {
  it('maps HTTP statuses and TFTP endings to outcomes, and keeps the status summary', async () => {
    const registry = new MetricsRegistry();
    const counters = new PhoneCounters(registry);
    counters.httpOutcome({ status: 200 });
    counters.httpOutcome({ status: 206 });
    counters.httpOutcome({ status: 304 });
    counters.httpOutcome({ status: 404, reason: 'unknown device' });
    counters.httpOutcome({ status: 416, reason: 'range not satisfiable' });
    counters.httpOutcome({ status: 500, reason: 'resolver threw' });
    const transfer = { direction: 'write' as const };
    counters.tftpEvent({ type: 'transfer-started', ...transfer });
    counters.tftpEvent({ type: 'transfer-completed', ...transfer, bytes: 700 });
    counters.tftpEvent({ type: 'transfer-started', direction: 'read' });
    counters.tftpEvent({ type: 'timeout', direction: 'read' });
    counters.tftpEvent({ type: 'retransmit', direction: 'read', packets: 4 });
    counters.tftpEvent({
      type: 'transfer-failed',
      direction: 'read',
      reason: 'client sent ERROR 0: bye',
      bytes: 512,
    });
    counters.tftpEvent({ type: 'denied', direction: 'read', reason: 'server transfer limit reached' });
    counters.tftpEvent({ type: 'malformed', reason: 'unsupported mode mail' });

    const m = parseExposition(await registry.render());
    const requests = (protocol: string, outcome: string) =>
      m.value('provd_phone_requests_total', { protocol, outcome });
    expect(requests('http', 'served')).toBe(2);
    expect(requests('http', 'not_modified')).toBe(1);
    expect(requests('http', 'not_found')).toBe(1);
    expect(requests('http', 'refused')).toBe(1);
    expect(requests('http', 'failed')).toBe(1);
    expect(requests('tftp', 'uploaded')).toBe(1);
    expect(requests('tftp', 'failed')).toBe(1);
    expect(requests('tftp', 'refused')).toBe(1);
    // A malformed datagram is no request (it may arrive in the middle of a transfer).
    expect(m.select('provd_phone_requests_total', { protocol: 'tftp' })).toHaveLength(3);
    expect(m.value('provd_phone_misses_total', { protocol: 'tftp', reason: 'client sent ERROR 0' })).toBe(1);
    expect(m.value('provd_tftp_transfers_active')).toBe(0);
    expect(m.value('provd_tftp_transferred_bytes_total', { direction: 'write' })).toBe(700);
    expect(m.value('provd_tftp_retransmitted_packets_total')).toBe(4);
    expect(m.value('provd_tftp_timeouts_total')).toBe(1);
    expect(m.value('provd_tftp_malformed_packets_total')).toBe(1);

    expect(counters.snapshot()).toMatchObject({
      'http.status.404': 1,
      'http.reason.unknown device': 1,
      'tftp.transfer-started': 2,
      'tftp.reason.client sent ERROR 0': 1,
      'tftp.reason.server transfer limit reached': 1,
    });
  });
});
