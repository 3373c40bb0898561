export interface LookupCacheOptions {
  /** Most entries kept; the oldest go first, so a flood of distinct keys cannot grow memory. */
  readonly maxEntries: number;
  readonly now?: () => number;
}

export interface Loaded<V> {
  readonly value: V;
  /** How long to keep the value; 0 or less: give it to the waiting callers but keep nothing. */
  readonly ttlMs: number;
}

interface Entry<V> {
  readonly value: V;
  readonly expires: number;
}

/**
 * Answers kept for a short time, with identical lookups in flight sharing one load. A failed
 * load is not kept: the next lookup tries again. Eviction is oldest-first rather than LRU:
 * entries live seconds, so recency would buy little and cost a re-insert on every hit.
 */
export class LookupCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #inFlight = new Map<string, Promise<V>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: LookupCacheOptions) {
    this.#maxEntries = Math.max(1, options.maxEntries);
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  lookup(key: string, load: () => Promise<Loaded<V>>): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (entry.expires > this.#now()) return Promise.resolve(entry.value);
      this.#entries.delete(key);
    }
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;
    const loading = load()
      .then(({ value, ttlMs }) => {
        if (ttlMs > 0) this.#set(key, value, ttlMs);
        return value;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, loading);
    return loading;
  }

  clear(): void {
    this.#entries.clear();
  }

  #set(key: string, value: V, ttlMs: number): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: this.#now() + ttlMs });
  }
}
