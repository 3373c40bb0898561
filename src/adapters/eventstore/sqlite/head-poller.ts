/**
 * Watches the head position of a file other processes also write to. Their appends raise no
 * event in this process, so while someone subscribes we look every `intervalMs`; a MAX(position)
 * on the rowid is a single b-tree lookup, cheap enough to run a few times a second.
 */
export class HeadPoller {
  #timer: NodeJS.Timeout | undefined;
  #lastSeen = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly readHead: () => number,
    private readonly intervalMs: number,
    private readonly onAdvance: () => void,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#lastSeen = this.#safeReadHead() ?? this.#lastSeen;
    this.#timer = setInterval(() => this.#poll(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Records a head this process itself wrote, so the next poll does not report it again. */
  seen(head: number): void {
    this.#lastSeen = Math.max(this.#lastSeen, head);
  }

  #poll(): void {
    const head = this.#safeReadHead();
    if (head === undefined || head <= this.#lastSeen) return;
    this.#lastSeen = head;
    this.onAdvance();
  }

  #safeReadHead(): number | undefined {
    try {
      return this.readHead();
    } catch {
      // Most likely the file is busy past the timeout; the next tick tries again, and a real
      // failure shows up in the subscriptions' own reads.
      return undefined;
    }
  }
}
