import { isLabelName, isMetricName, type Sample } from '../exposition/exposition.js';

export type Labels = Readonly<Record<string, string>>;

export interface FamilyOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

/**
 * The label bookkeeping every metric type shares: one state per combination of label values.
 * Giving other labels than the family declares is a programming error and throws: an exporter
 * that silently drops or invents series is worse than one that fails its tests.
 */
export class Series<S> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly #states = new Map<string, { readonly values: readonly string[]; readonly state: S }>();

  constructor(
    options: FamilyOptions,
    private readonly create: () => S,
  ) {
    if (!isMetricName(options.name)) throw new Error(`invalid metric name: ${options.name}`);
    const labelNames = options.labelNames ?? [];
    for (const label of labelNames) {
      if (!isLabelName(label) || label === 'le')
        throw new Error(`${options.name}: invalid label name ${label}`);
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = labelNames;
  }

  /** The state of these label values, created on first use. */
  get(labels: Labels = {}): S {
    const values = this.#values(labels);
    const key = JSON.stringify(values);
    let entry = this.#states.get(key);
    if (entry === undefined) {
      entry = { values, state: this.create() };
      this.#states.set(key, entry);
    }
    return entry.state;
  }

  /** The state of these label values if it exists, without creating it. */
  peek(labels: Labels = {}): S | undefined {
    return this.#states.get(JSON.stringify(this.#values(labels)))?.state;
  }

  clear(): void {
    this.#states.clear();
  }

  /** Every series, sorted by label values so that scrapes are stable and diffable. */
  entries(): { readonly labels: Sample['labels']; readonly state: S }[] {
    return [...this.#states.values()]
      .sort((a, b) => compareValues(a.values, b.values))
      .map(({ values, state }) => ({
        labels: values.map((value, i) => [this.labelNames[i]!, value] as const),
        state,
      }));
  }

  #values(labels: Labels): string[] {
    const given = Object.keys(labels);
    if (given.length !== this.labelNames.length || given.some((name) => !this.labelNames.includes(name))) {
      throw new Error(
        `${this.name}: expected labels [${this.labelNames.join(', ')}], got [${given.join(', ')}]`,
      );
    }
    return this.labelNames.map((name) => labels[name]!);
  }
}

const compareValues = (a: readonly string[], b: readonly string[]): number => {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
};
