import { describe, expect, it } from 'vitest';
import { resolvePath, splitPath } from '../../../src/projections/find/dotted-path.js';

describe('dotted path resolution (provd test_persist)', () => {
  const at = (doc: Parameters<typeof resolvePath>[0], key: string) => resolvePath(doc, splitPath(key));

  it('resolves a simple key', () => expect(at({ k: 'v' }, 'k')).toEqual(['v']));
  it('yields nothing for an absent key', () => expect(at({ k: 'v' }, 'x')).toEqual([]));
  it('walks nested objects', () => {
    expect(at({ k: { kk: 'v' } }, 'k.kk')).toEqual(['v']);
    expect(at({ k: { kk: { kkk: 'v' } } }, 'k.kk.kkk')).toEqual(['v']);
  });
  it('returns a list value as one value', () => expect(at({ k: ['v1', 'v2'] }, 'k')).toEqual([['v1', 'v2']]));
  it('explores the objects of an intermediate list', () => {
    expect(at({ k: [{ kk: 'v1' }] }, 'k.kk')).toEqual(['v1']);
    expect(at({ k: [{ kk: 'v1' }, { x: 1 }, { kk: 'v2' }] }, 'k.kk')).toEqual(['v1', 'v2']);
  });
  it('keeps a null value (present, unlike a missing key)', () =>
    expect(at({ k: null }, 'k')).toEqual([null]));
  it('does not walk into strings', () => expect(at({ k: 'abc' }, 'k.length')).toEqual([]));
});
