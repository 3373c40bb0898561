import type { FamilySnapshot } from '../exposition/exposition.js';
import { type FamilyOptions, type Labels, Series } from './series.js';

/** A value that goes up and down; most of provd's are set at scrape time by a collector. */
export class Gauge {
  readonly #series: Series<{ value: number }>;

  constructor(options: FamilyOptions) {
    this.#series = new Series(options, () => ({ value: 0 }));
    if (this.#series.labelNames.length === 0) this.#series.get();
  }

  get name(): string {
    return this.#series.name;
  }

  set(labels: Labels, value: number): void {
    this.#series.get(labels).value = value;
  }

  inc(labels?: Labels, by = 1): void {
    this.#series.get(labels).value += by;
  }

  value(labels?: Labels): number {
    return this.#series.peek(labels)?.value ?? 0;
  }

  /** Forgets every series: a collector that sets them all again drops those that went away. */
  reset(): void {
    this.#series.clear();
    if (this.#series.labelNames.length === 0) this.#series.get();
  }

  snapshot(): FamilySnapshot {
    return {
      name: this.name,
      help: this.#series.help,
      type: 'gauge',
      samples: this.#series
        .entries()
        .map(({ labels, state }) => ({ suffix: '', labels, value: state.value })),
    };
  }
}
