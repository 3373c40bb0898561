/** Label values past the limit are all counted under this one. */
export const OTHER_LABEL_VALUE = 'other';

const MAX_LENGTH = 64;

/**
 * Keeps a label fed with free text (why a phone got a 404, why a transfer failed) to a bounded
 * set of values: every series costs the Prometheus server memory for as long as it keeps data,
 * and some reasons quote what a client sent (`client sent ERROR 2: <its message>`). The text
 * after a colon is dropped, the rest cut, and values beyond the first `limit` become `other`.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();

  constructor(private readonly limit = 50) {}

  value(text: string): string {
    const head = (text.split(':', 1)[0] ?? '').trim().slice(0, MAX_LENGTH) || 'unknown';
    if (this.#seen.has(head)) return head;
    if (this.#seen.size >= this.limit) return OTHER_LABEL_VALUE;
    this.#seen.add(head);
    return head;
  }
}
