import { describe, expect, it } from 'vitest';
import {
  evaluatePreconditions,
  fileEtag,
  ifRangeHolds,
  parseHttpDate,
} from '../../src/adapters/phone-http/conditional.js';

const lastModified = new Date('2030-01-02T03:04:05.678Z');
const validators = { etag: '"abc"', lastModified };
const now = Date.parse('2031-01-01T00:00:00Z');
const SAME_SECOND = 'Wed, 02 Jan 2030 03:04:05 GMT';
const EARLIER = 'Wed, 02 Jan 2030 03:04:04 GMT';

describe('parseHttpDate', () => {
  const expected = Date.parse('1994-11-06T08:49:37Z');
  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', expected],
    ['Sunday, 06-Nov-94 08:49:37 GMT', expected],
    ['Sun Nov  6 08:49:37 1994', expected],
    ['Sun Nov 16 08:49:37 1994', Date.parse('1994-11-16T08:49:37Z')],
  ])('%s', (text, ms) => {
    expect(parseHttpDate(text, now)).toBe(ms);
  });

  it('reads two-digit years within 50 years of now', () => {
    expect(parseHttpDate('Monday, 01-Jan-29 00:00:00 GMT', now)).toBe(Date.parse('2029-01-01T00:00:00Z'));
    expect(parseHttpDate('Monday, 01-Jan-99 00:00:00 GMT', now)).toBe(Date.parse('1999-01-01T00:00:00Z'));
  });

  it.each([
    '',
    'yesterday',
    '2030-01-02T03:04:05Z',
    'Wed, 31 Feb 2030 03:04:05 GMT',
    'Wed, 02 Foo 2030 03:04:05 GMT',
    'Wed, 02 Jan 2030 25:04:05 GMT',
    'Wed, 02 Jan 2030 03:04:05 UTC',
  ])('refuses %j', (text) => {
    expect(parseHttpDate(text, now)).toBeUndefined();
  });
});

describe('evaluatePreconditions', () => {
  it.each([
    [{}, 'proceed'],
    [{ 'if-none-match': '"abc"' }, 'not-modified'],
    [{ 'if-none-match': 'W/"abc"' }, 'not-modified'],
    [{ 'if-none-match': '"x", W/"abc"' }, 'not-modified'],
    [{ 'if-none-match': '*' }, 'not-modified'],
    [{ 'if-none-match': '"abcd"' }, 'proceed'],
    [{ 'if-none-match': 'abc' }, 'proceed'],
    [{ 'if-none-match': '"a,b", "abc"' }, 'not-modified'],
    [{ 'if-modified-since': SAME_SECOND }, 'not-modified'],
    [{ 'if-modified-since': EARLIER }, 'proceed'],
    [{ 'if-modified-since': 'garbage' }, 'proceed'],
    // In the future: invalid, ignored.
    [{ 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' }, 'proceed'],
    // If-None-Match wins over If-Modified-Since, both ways.
    [{ 'if-none-match': '"other"', 'if-modified-since': SAME_SECOND }, 'proceed'],
    [{ 'if-none-match': '"abc"', 'if-modified-since': EARLIER }, 'not-modified'],
    [{ 'if-match': '"abc"' }, 'proceed'],
    [{ 'if-match': '*' }, 'proceed'],
    [{ 'if-match': 'W/"abc"' }, 'precondition-failed'],
    [{ 'if-match': '"other"' }, 'precondition-failed'],
    [{ 'if-unmodified-since': EARLIER }, 'precondition-failed'],
    [{ 'if-unmodified-since': SAME_SECOND }, 'proceed'],
    [{ 'if-match': '"abc"', 'if-unmodified-since': EARLIER }, 'proceed'],
    [{ 'if-match': '"abc"', 'if-none-match': '"abc"' }, 'not-modified'],
  ])('%j → %s', (headers, expected) => {
    expect(evaluatePreconditions(headers, validators, now)).toBe(expected);
  });
});

describe('ifRangeHolds', () => {
  it.each([
    [undefined, true],
    ['"abc"', true],
    ['W/"abc"', false],
    ['"other"', false],
    [SAME_SECOND, true],
    [EARLIER, false],
    ['nonsense', false],
  ])('%s → %s', (header, expected) => {
    expect(ifRangeHolds(header, validators)).toBe(expected);
  });
});

describe('fileEtag', () => {
  it('changes with size and mtime and is a strong quoted tag', () => {
    expect(fileEtag(2048, 1_700_000_000_123.4)).toBe('"800-18bcfe5687b"');
    expect(fileEtag(2048, 1_700_000_000_124)).not.toBe(fileEtag(2048, 1_700_000_000_123));
    expect(fileEtag(2049, 1_700_000_000_123)).not.toBe(fileEtag(2048, 1_700_000_000_123));
  });
});
