/**
 * The most recently served file contents, bounded by total size. Map iteration order is
 * insertion order, so re-inserting on every hit keeps the least recently used entry first.
 */
export class HotSet {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  get(hash: string): Buffer | undefined {
    const content = this.#entries.get(hash);
    if (content === undefined) return undefined;
    this.#entries.delete(hash);
    this.#entries.set(hash, content);
    return content;
  }

  set(hash: string, content: Buffer): void {
    if (content.length > this.maxBytes) return;
    const previous = this.#entries.get(hash);
    if (previous !== undefined) {
      this.#entries.delete(hash);
      this.#bytes -= previous.length;
    }
    this.#entries.set(hash, content);
    this.#bytes += content.length;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.length;
    }
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}
