import type { FamilySnapshot, Sample } from '../exposition/exposition.js';
import { type FamilyOptions, type Labels, Series } from './series.js';

interface HistogramState {
  /** Per bucket, observations that fell in it and in no lower one (made cumulative on output). */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Latencies in seconds, from a fast SQLite commit (~0.2 ms) to a slow request (10 s). */
export const LATENCY_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * Observations counted in buckets of upper bounds (`le`), plus their sum and count. Bucket
 * counts are written cumulatively, the `+Inf` bucket being the count, as the format requires.
 */
export class Histogram {
  readonly #series: Series<HistogramState>;
  readonly #bounds: readonly number[];

  constructor(options: FamilyOptions & { readonly buckets?: readonly number[] }) {
    const bounds = [...(options.buckets ?? LATENCY_BUCKETS)];
    if (bounds.length === 0 || bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!))) {
      throw new Error(`${options.name}: buckets must be finite and strictly increasing`);
    }
    this.#bounds = bounds;
    this.#series = new Series(options, () => ({ counts: bounds.map(() => 0), sum: 0, count: 0 }));
    if (this.#series.labelNames.length === 0) this.#series.get();
  }

  get name(): string {
    return this.#series.name;
  }

  observe(labels: Labels, value: number): void {
    if (Number.isNaN(value)) return;
    const state = this.#series.get(labels);
    const bucket = this.#bounds.findIndex((bound) => value <= bound);
    if (bucket >= 0) state.counts[bucket]!++;
    state.sum += value;
    state.count++;
  }

  /** Number of observations so far for these label values. */
  count(labels?: Labels): number {
    return this.#series.peek(labels)?.count ?? 0;
  }

  snapshot(): FamilySnapshot {
    const samples: Sample[] = [];
    for (const { labels, state } of this.#series.entries()) {
      let cumulative = 0;
      this.#bounds.forEach((bound, i) => {
        cumulative += state.counts[i]!;
        samples.push({ suffix: '_bucket', labels: [...labels, ['le', String(bound)]], value: cumulative });
      });
      samples.push({ suffix: '_bucket', labels: [...labels, ['le', '+Inf']], value: state.count });
      samples.push({ suffix: '_sum', labels, value: state.sum });
      samples.push({ suffix: '_count', labels, value: state.count });
    }
    return { name: this.name, help: this.#series.help, type: 'histogram', samples };
  }
}
