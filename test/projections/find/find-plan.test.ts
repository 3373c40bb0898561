import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import type { FindParams } from '../../../src/projections/find/find-params.js';
import { findInMemory } from '../../../src/projections/find/find-plan.js';
import { compareSortKeys } from '../../../src/projections/find/sort-order.js';

const docs: JsonObject[] = [
  { id: 'a', n: 10, s: 'b', nested: { x: 2 }, tags: ['t1'] },
  { id: 'b', n: 9, s: 'a', nested: { x: 1, y: 'y' } },
  { id: 'c', s: 'c' },
  { id: 'd', n: null, s: 'a' },
  { id: 'e', n: 1.5, nested: { x: 3 } },
  { id: 'f', n: '2', s: 'b' },
];
const ids = (params: FindParams): unknown[] => findInMemory(docs, params).map((doc) => doc.id);

describe('fields', () => {
  it('returns whole documents without fields', () => {
    expect(findInMemory(docs, { selector: { id: 'a' } })).toEqual([docs[0]]);
  });
  it('always returns id', () => {
    expect(findInMemory(docs, { selector: { id: 'a' }, fields: ['s'] })).toEqual([{ id: 'a', s: 'b' }]);
  });
  it('returns a dotted field nested', () => {
    expect(findInMemory(docs, { selector: { id: 'b' }, fields: ['nested.y'] })).toEqual([
      { id: 'b', nested: { y: 'y' } },
    ]);
  });
  it('merges dotted fields sharing a parent', () => {
    expect(findInMemory(docs, { selector: { id: 'b' }, fields: ['nested.x', 'nested.y'] })).toEqual([
      { id: 'b', nested: { x: 1, y: 'y' } },
    ]);
  });
  it('omits missing fields', () => {
    expect(findInMemory(docs, { selector: { id: 'c' }, fields: ['n', 'nested.x', 'nope'] })).toEqual([
      { id: 'c' },
    ]);
  });
  it('a field covering another wins and the source document is untouched', () => {
    const before = JSON.stringify(docs);
    expect(findInMemory(docs, { selector: { id: 'a' }, fields: ['nested.x', 'nested'] })).toEqual([
      { id: 'a', nested: { x: 2 } },
    ]);
    expect(JSON.stringify(docs)).toBe(before);
  });
  it('keeps null values', () => {
    expect(findInMemory(docs, { selector: { id: 'd' }, fields: ['n'] })).toEqual([{ id: 'd', n: null }]);
  });
});

describe('skip and limit', () => {
  it('skips then limits, in insertion order without sort', () => {
    expect(ids({ skip: 1, limit: 2 })).toEqual(['b', 'c']);
  });
  it('limit 0 means no limit', () => expect(ids({ limit: 0 })).toHaveLength(docs.length));
  it('skip past the end gives nothing', () => expect(ids({ skip: 10 })).toEqual([]));
  it('negative or fractional values are tamed', () => {
    expect(ids({ skip: -3, limit: 1.7 })).toEqual(['a']);
  });
  it('skips and limits after the selector', () => {
    expect(ids({ selector: { s: 'a' }, skip: 1 })).toEqual(['d']);
  });
});

describe('sort', () => {
  it('sorts numbers as numbers, missing and null first, then numbers, then strings', () => {
    // c has no n, d has n null; "2" is a string so it comes after every number.
    expect(ids({ sort: 'n' })).toEqual(['c', 'd', 'e', 'b', 'a', 'f']);
  });
  it('DESC reverses the order', () => {
    expect(ids({ sort: 'n', sortOrd: 'DESC' })).toEqual(['f', 'a', 'b', 'e', 'c', 'd']);
  });
  it('any other sort_ord ascends', () => {
    expect(ids({ sort: 'n', sortOrd: 'desc' })).toEqual(ids({ sort: 'n' }));
    expect(ids({ sort: 'n', sortOrd: 'whatever' })).toEqual(ids({ sort: 'n' }));
  });
  it('keeps insertion order between equal keys, ascending and descending', () => {
    expect(ids({ sort: 's' })).toEqual(['e', 'b', 'd', 'a', 'f', 'c']);
    expect(ids({ sort: 's', sortOrd: 'DESC' })).toEqual(['c', 'a', 'f', 'b', 'd', 'e']);
  });
  it('sorts on a dotted key', () => {
    expect(ids({ sort: 'nested.x' })).toEqual(['c', 'd', 'f', 'b', 'a', 'e']);
  });
  it('sorts before skip and limit', () => {
    expect(ids({ sort: 'n', skip: 2, limit: 2 })).toEqual(['e', 'b']);
  });
  it('combines selector, sort, skip, limit and fields', () => {
    expect(
      findInMemory(docs, {
        selector: { s: { $in: ['a', 'b'] } },
        sort: 'id',
        sortOrd: 'DESC',
        skip: 1,
        limit: 2,
        fields: ['s'],
      }),
    ).toEqual([
      { id: 'd', s: 'a' },
      { id: 'b', s: 'a' },
    ]);
  });
});

describe('sort key order', () => {
  const sorted = (values: Parameters<typeof compareSortKeys>[0][]) => [...values].sort(compareSortKeys);
  it('orders numbers numerically (provd: -3, 0, 1, 1.5, 5)', () => {
    expect(sorted([5, 1.5, -3, 1, 0])).toEqual([-3, 0, 1, 1.5, 5]);
    expect(sorted([9, 10])).toEqual([9, 10]);
  });
  it('orders strings lexicographically', () =>
    expect(sorted(['b', 'B', 'a', '10', '9'])).toEqual(['10', '9', 'B', 'a', 'b']));
  it('orders mixed types: missing/null, numbers, strings, then others by JSON text', () => {
    expect(sorted(['a', true, 2, null, [1], { a: 1 }, false, 1])).toEqual([
      null,
      1,
      2,
      'a',
      [1],
      false,
      true,
      { a: 1 },
    ]);
  });
  it('puts a missing key with null, before everything else', () => {
    // (Array#sort itself moves undefined to the end, hence the direct comparisons.)
    expect(compareSortKeys(undefined, null)).toBe(0);
    expect(compareSortKeys(undefined, -1)).toBeLessThan(0);
    expect(compareSortKeys('', undefined)).toBeGreaterThan(0);
  });
});
