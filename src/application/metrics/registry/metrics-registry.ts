import { encodeExposition, type FamilySnapshot } from '../exposition/exposition.js';
import { Counter } from './counter.js';
import { Gauge } from './gauge.js';
import { Histogram } from './histogram.js';
import type { FamilyOptions } from './series.js';

/** Sets scrape-time gauges; may read a database or ask the event store. */
export type Collector = () => void | Promise<void>;

interface Family {
  readonly name: string;
  snapshot(): FamilySnapshot;
}

/**
 * The metrics of one server. Counters and histograms move as things happen; gauges that
 * describe state (devices, projection lag, memory) are set by collectors just before a scrape,
 * so nothing is computed when nobody looks.
 */
export class MetricsRegistry {
  readonly #families = new Map<string, Family>();
  readonly #collectors: Collector[] = [];

  /** A failing collector leaves its gauges as they were; the rest of the scrape still answers. */
  constructor(private readonly onCollectorError: (error: unknown) => void = () => {}) {}

  counter(options: FamilyOptions): Counter {
    return this.#add(new Counter(options));
  }

  gauge(options: FamilyOptions): Gauge {
    return this.#add(new Gauge(options));
  }

  histogram(options: FamilyOptions & { readonly buckets?: readonly number[] }): Histogram {
    return this.#add(new Histogram(options));
  }

  collect(collector: Collector): void {
    this.#collectors.push(collector);
  }

  /** Runs the collectors, then writes every family in registration order. */
  async render(): Promise<string> {
    for (const collector of this.#collectors) {
      try {
        await collector();
      } catch (error) {
        this.onCollectorError(error);
      }
    }
    return encodeExposition([...this.#families.values()].map((family) => family.snapshot()));
  }

  #add<F extends Family>(family: F): F {
    if (this.#families.has(family.name)) throw new Error(`metric ${family.name} is registered twice`);
    this.#families.set(family.name, family);
    return family;
  }
}
