/**
 * Runs tasks one at a time per key, concurrently across keys. A phone that boots fires several
 * requests at once; serialising them per identity keeps the first one from creating the device
 * while the second, not seeing it yet, creates a duplicate.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  get pending(): number {
    return this.#tails.size;
  }
}
