import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bool01, int, line, or, xml } from '../../src/plugin-runtime/templates/helpers.js';

describe('line', () => {
  it.each([
    ['Bob\nsip.account.1.password = stolen', 'Bobsip.account.1.password = stolen'],
    ['a\r\nb', 'ab'],
    ['tab\there', 'tabhere'],
    ['nul\0x', 'nulx'],
    ['unicode\u2028line\u2029sep\u0085nel', 'unicodelinesepnel'],
    ['Élodie Ünal', 'Élodie Ünal'],
  ])('%j → %j', (input, output) => {
    expect(line(input)).toBe(output);
  });

  it('prints scalars and nothing for absent values or structures', () => {
    expect([line(5060), line(true), line(undefined), line(null), line({ a: 1 }), line(['x'])]).toEqual([
      '5060',
      'true',
      '',
      '',
      '',
      '',
    ]);
  });

  it('never leaves a character a parser could take for a line end', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
        expect(line(s)).not.toMatch(/[\r\n\u0000\u0085\u2028\u2029]/);
      }),
    );
  });
});

describe('xml', () => {
  it('escapes the five XML specials', () => {
    expect(xml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('drops characters XML 1.0 forbids, keeps tab and newlines', () => {
    expect(xml('a\u0001b\tc\nd')).toBe('ab\tc\nd');
  });

  it('leaves no raw markup character', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(xml(s)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/);
      }),
    );
  });
});

describe('bool01, int, or', () => {
  it.each([
    [true, '1'],
    ['yes', '1'],
    ['on', '1'],
    [1, '1'],
    [false, '0'],
    ['no', '0'],
    [0, '0'],
    ['', '0'],
    [undefined, '0'],
  ])('bool01(%j) = %s', (value, expected) => {
    expect(bool01(value)).toBe(expected);
  });

  it('int parses integers and falls back otherwise', () => {
    expect([int(5), int('42'), int(' 7 '), int('x'), int(undefined, '0'), int(2.9)]).toEqual([
      '5',
      '42',
      '7',
      '',
      '0',
      '2',
    ]);
  });

  it('or replaces absent and empty values only', () => {
    expect([or('', 'd'), or(undefined, 'd'), or(null, 'd'), or(0, 'd'), or('v', 'd')]).toEqual([
      'd',
      'd',
      'd',
      '0',
      'v',
    ]);
  });
});
