import { describe, expect, it } from 'vitest';
import { parseFindQuery } from '../../../src/projections/find/parse-find-query.js';
import { InvalidSelectorError } from '../../../src/projections/find/selector.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('parsing find query parameters', () => {
  it('reads every parameter', () => {
    expect(
      parseFindQuery({
        q: '{"mac":"aa"}',
        fields: 'id,mac,a.b',
        skip: '2',
        limit: '10',
        sort: 'mac',
        sort_ord: 'DESC',
      }),
    ).toEqual({
      selector: { mac: 'aa' },
      fields: ['id', 'mac', 'a.b'],
      skip: 2,
      limit: 10,
      sort: 'mac',
      sortOrd: 'DESC',
    });
  });

  it('gives nothing for an empty query', () => expect(parseFindQuery({})).toEqual({}));

  it('prefers q64 over q', () => {
    expect(parseFindQuery({ q: '{"a":1}', q64: b64('{"b":2}') }).selector).toEqual({ b: 2 });
  });

  it('takes the first occurrence of a repeated parameter', () => {
    expect(parseFindQuery({ skip: ['1', '2'], q: ['{"a":1}', '{"a":2}'] })).toEqual({
      skip: 1,
      selector: { a: 1 },
    });
  });

  it('ignores malformed values, reporting them', () => {
    const reports: string[] = [];
    const params = parseFindQuery({ q: '{nope', skip: 'x', limit: '1.5' }, (name, value, reason) =>
      reports.push(`${name}=${value}: ${reason}`),
    );
    expect(params).toEqual({});
    expect(reports).toEqual([
      'q={nope: not valid JSON',
      'skip=x: not an integer',
      'limit=1.5: not an integer',
    ]);
  });

  it('accepts integers the way Python int() does', () => {
    expect(parseFindQuery({ skip: ' 3 ', limit: '+4' })).toEqual({ skip: 3, limit: 4 });
  });

  it('rejects a selector that is valid JSON but not an object', () => {
    expect(() => parseFindQuery({ q: '[1]' })).toThrow(InvalidSelectorError);
    expect(() => parseFindQuery({ q64: b64('"x"') })).toThrow(InvalidSelectorError);
  });

  it('drops empty field names', () => expect(parseFindQuery({ fields: 'a,,b,' }).fields).toEqual(['a', 'b']));
});
