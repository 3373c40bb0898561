/** A clock tests move by hand, so recorded times are known exactly. */
export class ManualClock {
  #current: Date;

  constructor(start = new Date('2024-03-01T12:00:00.000Z')) {
    this.#current = new Date(start);
  }

  /** The clock function to inject; returns a copy so callers cannot move the clock. */
  readonly now = (): Date => new Date(this.#current);

  advance(ms: number): Date {
    this.#current = new Date(this.#current.getTime() + ms);
    return this.now();
  }
}
