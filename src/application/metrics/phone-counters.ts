/**
 * Counters of what phones got, by protocol and outcome, with the reason of every miss: the
 * numbers behind "why do my phones get 404s" without reading logs. Kept in memory; the
 * Prometheus endpoint will expose them.
 */
export class PhoneCounters {
  readonly #counts = new Map<string, number>();

  add(key: string, by = 1): void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + by);
  }

  httpOutcome(outcome: { readonly status: number; readonly reason?: string }): void {
    this.add(`http.status.${outcome.status}`);
    if (outcome.reason !== undefined) this.add(`http.reason.${outcome.reason}`);
  }

  tftpEvent(event: { readonly type: string; readonly reason?: string }): void {
    this.add(`tftp.${event.type}`);
    if (
      (event.type === 'not-found' || event.type === 'denied' || event.type === 'transfer-failed') &&
      event.reason
    ) {
      this.add(`tftp.reason.${event.reason}`);
    }
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
