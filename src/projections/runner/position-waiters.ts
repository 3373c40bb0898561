interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Promises waiting for the read model to reach a position of the log (read-your-writes). */
export class PositionWaiters {
  #waiters: Waiter[] = [];

  wait(position: number, timeoutMs: number, onTimeout: () => Error): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter.timer !== timer);
        reject(onTimeout());
      }, timeoutMs);
      // A pending read must not keep the process alive on shutdown.
      timer.unref();
      this.#waiters.push({ position, resolve, reject, timer });
    });
  }

  /** Resolves every waiter whose position is now applied. */
  reached(position: number): void {
    if (this.#waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.position <= position) {
        clearTimeout(waiter.timer);
        waiter.resolve();
      } else still.push(waiter);
    }
    this.#waiters = still;
  }

  rejectAll(error: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
