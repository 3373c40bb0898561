import type { FamilySnapshot } from '../exposition/exposition.js';
import { type FamilyOptions, type Labels, Series } from './series.js';

/** A value that only goes up, from 0 when the process starts (Prometheus handles resets). */
export class Counter {
  readonly #series: Series<{ value: number }>;

  constructor(options: FamilyOptions) {
    this.#series = new Series(options, () => ({ value: 0 }));
    // Without labels the one series exists from the start: a rate over it is 0, not absent.
    if (this.#series.labelNames.length === 0) this.#series.get();
  }

  get name(): string {
    return this.#series.name;
  }

  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0) || !Number.isFinite(by)) throw new Error(`${this.name}: cannot increase by ${by}`);
    this.#series.get(labels).value += by;
  }

  /** The current value (0 for label values never counted). */
  value(labels?: Labels): number {
    return this.#series.peek(labels)?.value ?? 0;
  }

  snapshot(): FamilySnapshot {
    return {
      name: this.name,
      help: this.#series.help,
      type: 'counter',
      samples: this.#series
        .entries()
        .map(({ labels, state }) => ({ suffix: '', labels, value: state.value })),
    };
  }
}
