import { describe, expect, it } from 'vitest';
import {
  encodeExposition,
  escapeHelp,
  escapeLabelValue,
  formatValue,
} from '../../src/application/metrics/exposition/exposition.js';
import { BoundedLabel, OTHER_LABEL_VALUE } from '../../src/application/metrics/registry/bounded-label.js';
import { MetricsRegistry } from '../../src/application/metrics/registry/metrics-registry.js';
import { parseExposition } from './support/exposition-parser.js';
import { officialParse, officialParserAvailable } from './support/official-parser.js';

describe('exposition encoding', () => {
  it('escapes backslash and line feed in HELP, and also double quotes in label values', () => {
    expect(escapeHelp('a \\ b\nc "d"')).toBe('a \\\\ b\\nc "d"');
    expect(escapeLabelValue('a \\ b\nc "d"')).toBe('a \\\\ b\\nc \\"d\\"');
  });

  it('writes special values as Go does', () => {
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(0.25)).toBe('0.25');
    expect(formatValue(1e-7)).toBe('1e-7');
  });

  it('writes HELP, TYPE then samples, family after family, ending with a line feed', () => {
    const text = encodeExposition([
      {
        name: 'a_total',
        help: 'Line one\nline two',
        type: 'counter',
        samples: [{ suffix: '', labels: [['reason', 'say "hi"\\']], value: 3 }],
      },
      { name: 'b', help: 'B.', type: 'gauge', samples: [{ suffix: '', labels: [], value: -1.5 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP a_total Line one\\nline two',
        '# TYPE a_total counter',
        'a_total{reason="say \\"hi\\"\\\\"} 3',
        '# HELP b B.',
        '# TYPE b gauge',
        'b -1.5',
        '',
      ].join('\n'),
    );
    expect(encodeExposition([])).toBe('');
  });
});

describe('MetricsRegistry', () => {
  it('counts by label values, sorted, and starts unlabelled series at 0', async () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter({ name: 'x_requests_total', help: 'Requests.', labelNames: ['code'] });
    const plain = registry.counter({ name: 'x_plain_total', help: 'Plain.' });
    requests.inc({ code: '404' });
    requests.inc({ code: '200' }, 2);
    requests.inc({ code: '404' });
    expect(requests.value({ code: '404' })).toBe(2);
    expect(plain.value()).toBe(0);
    expect(await registry.render()).toBe(
      [
        '# HELP x_requests_total Requests.',
        '# TYPE x_requests_total counter',
        'x_requests_total{code="200"} 2',
        'x_requests_total{code="404"} 2',
        '# HELP x_plain_total Plain.',
        '# TYPE x_plain_total counter',
        'x_plain_total 0',
        '',
      ].join('\n'),
    );
  });

  it('refuses what would make a wrong exposition', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter({ name: 'y_total', help: 'Y.', labelNames: ['a'] });
    expect(() => counter.inc({ a: 'x' }, -1)).toThrow(/cannot increase/);
    expect(() => counter.inc({ b: 'x' })).toThrow(/expected labels \[a\]/);
    expect(() => counter.inc({ a: 'x', b: 'y' })).toThrow(/expected labels/);
    expect(() => counter.inc()).toThrow(/expected labels/);
    expect(() => registry.counter({ name: 'y_total', help: 'again' })).toThrow(/registered twice/);
    expect(() => registry.gauge({ name: 'bad-name', help: '' })).toThrow(/invalid metric name/);
    expect(() => registry.gauge({ name: 'z', help: '', labelNames: ['__reserved'] })).toThrow(
      /invalid label/,
    );
    expect(() => registry.histogram({ name: 'h', help: '', labelNames: ['le'] })).toThrow(/invalid label/);
    expect(() => registry.histogram({ name: 'h2', help: '', buckets: [1, 1] })).toThrow(/increasing/);
  });

  it('writes histogram buckets cumulatively, +Inf being the count', async () => {
    const registry = new MetricsRegistry();
    const h = registry.histogram({
      name: 'd_seconds',
      help: 'D.',
      labelNames: ['op'],
      buckets: [0.1, 1, 10],
    });
    for (const v of [0.05, 0.1, 0.5, 3, 20]) h.observe({ op: 'get' }, v);
    expect(await registry.render()).toBe(
      [
        '# HELP d_seconds D.',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{op="get",le="0.1"} 2',
        'd_seconds_bucket{op="get",le="1"} 3',
        'd_seconds_bucket{op="get",le="10"} 4',
        'd_seconds_bucket{op="get",le="+Inf"} 5',
        'd_seconds_sum{op="get"} 23.65',
        'd_seconds_count{op="get"} 5',
        '',
      ].join('\n'),
    );
  });

  it('sets gauges from collectors at scrape time, forgetting series that went away', async () => {
    const registry = new MetricsRegistry();
    const byTenant = registry.gauge({ name: 'devices', help: 'D.', labelNames: ['tenant'] });
    let counts = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    registry.collect(() => {
      byTenant.reset();
      for (const [tenant, n] of counts) byTenant.set({ tenant }, n);
    });
    expect(parseExposition(await registry.render()).select('devices')).toHaveLength(2);
    counts = new Map([['b', 5]]);
    const after = parseExposition(await registry.render());
    expect(after.select('devices')).toEqual([{ name: 'devices', labels: { tenant: 'b' }, value: 5 }]);
  });

  it('still answers when a collector fails, and reports the failure', async () => {
    const errors: unknown[] = [];
    const registry = new MetricsRegistry((error) => errors.push(error));
    const g = registry.gauge({ name: 'g', help: 'G.' });
    registry.collect(() => {
      throw new Error('database locked');
    });
    registry.collect(() => g.set({}, 7));
    expect(parseExposition(await registry.render()).value('g')).toBe(7);
    expect(errors).toEqual([new Error('database locked')]);
  });

  it('is read back identically by the Prometheus client parser', async (context) => {
    if (!officialParserAvailable()) context.skip('python3-prometheus-client is not installed');
    const registry = new MetricsRegistry();
    const weird = 'quote " backslash \\ newline \n end';
    registry
      .counter({ name: 'w_total', help: 'Help with \\ and\nnewline.', labelNames: ['v'] })
      .inc({ v: weird });
    registry.histogram({ name: 'h_seconds', help: 'H.', buckets: [0.5] }).observe({}, 0.25);
    registry.gauge({ name: 'inf', help: 'I.' }).set({}, Number.POSITIVE_INFINITY);
    const families = officialParse(await registry.render());
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['w', 'counter'],
      ['h_seconds', 'histogram'],
      ['inf', 'gauge'],
    ]);
    expect(families[0]?.help).toBe('Help with \\ and\nnewline.');
    expect(families[0]?.samples).toEqual([{ name: 'w_total', labels: { v: weird }, value: '1.0' }]);
    expect(families[1]?.samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['h_seconds_bucket', { le: '0.5' }, '1.0'],
      ['h_seconds_bucket', { le: '+Inf' }, '1.0'],
      ['h_seconds_sum', {}, '0.25'],
      ['h_seconds_count', {}, '1.0'],
    ]);
    expect(families[2]?.samples[0]?.value).toBe('inf');
  });
});

describe('BoundedLabel', () => {
  it('keeps the text before a colon, cut short, and folds values past the limit into "other"', () => {
    const label = new BoundedLabel(2);
    expect(label.value('client sent ERROR 2: whatever the client wrote')).toBe('client sent ERROR 2');
    expect(label.value('x'.repeat(100))).toBe('x'.repeat(64));
    expect(label.value('a third reason')).toBe(OTHER_LABEL_VALUE);
    expect(label.value('client sent ERROR 2: something else')).toBe('client sent ERROR 2');
    expect(new BoundedLabel().value(': nothing before')).toBe('unknown');
  });
});
