import { describe, expect, it } from 'vitest';
import { evaluateRange } from '../../src/adapters/phone-http/range.js';

describe('evaluateRange', () => {
  it.each([
    [undefined, 100, { kind: 'full' }],
    ['bytes=0-9', 100, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=10-', 100, { kind: 'partial', start: 10, end: 99 }],
    ['bytes=-10', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-1000', 100, { kind: 'partial', start: 0, end: 99 }],
    ['bytes=90-1000', 100, { kind: 'partial', start: 90, end: 99 }],
    ['Bytes = 5-5 ', 100, { kind: 'partial', start: 5, end: 5 }],
    ['bytes=0-9,', 100, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=200-300', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=-5', 0, { kind: 'unsatisfiable' }],
    // Several ranges: the whole body with 200 (documented choice).
    ['bytes=0-1,5-6', 100, { kind: 'full' }],
    ['bytes=0-,0-,0-', 100, { kind: 'full' }],
    // Invalid or foreign: ignored.
    ['bytes=9-0', 100, { kind: 'full' }],
    ['bytes=-', 100, { kind: 'full' }],
    ['bytes=a-b', 100, { kind: 'full' }],
    ['items=0-9', 100, { kind: 'full' }],
    ['bytes 0-9', 100, { kind: 'full' }],
    ['bytes=1234567890123456-', 100, { kind: 'full' }],
  ])('%s on %i bytes', (header, size, expected) => {
    expect(evaluateRange(header, size)).toEqual(expected);
  });
});
