/**
 * Prometheus text exposition format, version 0.0.4: what every Prometheus server, the
 * OpenMetrics-aware ones included, accepts from an exporter. Written here rather than taken from
 * a client library: the format is small, and provd needs none of the rest.
 */

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface Sample {
  /** Appended to the family name: `_bucket`, `_sum`, `_count` for histograms, else empty. */
  readonly suffix: string;
  /** In the order they are written. */
  readonly labels: readonly (readonly [string, string])[];
  readonly value: number;
}

export interface FamilySnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const isMetricName = (name: string): boolean => METRIC_NAME.test(name);

/** `__` prefixes are reserved for Prometheus itself. */
export const isLabelName = (name: string): boolean => LABEL_NAME.test(name) && !name.startsWith('__');

/** HELP text: only backslash and line feed are escaped. */
export const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** Label values: backslash, double quote and line feed are escaped. */
export const escapeLabelValue = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Go's float syntax as Prometheus parses it; JavaScript's own rendering is a subset of it. */
export const formatValue = (value: number): string => {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
};

const labelSet = (labels: Sample['labels']): string =>
  labels.length === 0
    ? ''
    : `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;

/** One family after the other, never interleaved, each with its HELP and TYPE lines. */
export const encodeExposition = (families: readonly FamilySnapshot[]): string => {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix}${labelSet(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  // The format wants every line, the last one included, to end with a line feed.
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
