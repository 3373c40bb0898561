import { describe, expect, it } from 'vitest';
import {
  decodeRequestTarget,
  MAX_PATH_BYTES,
  toResolverPath,
} from '../../src/adapters/phone-http/safe-path.js';

const resolverPath = (target: string) => {
  const decoded = decodeRequestTarget(target);
  return decoded.ok ? toResolverPath(decoded.segments) : decoded;
};

describe('decodeRequestTarget + toResolverPath', () => {
  it.each([
    ['/', '', ''],
    ['/y000000000028.cfg', 'y000000000028.cfg', 'y000000000028.cfg'],
    ['//lang/fr.txt', 'lang/fr.txt', 'fr.txt'],
    ['///a.cfg?mac=001565aabbcc', 'a.cfg', 'a.cfg'],
    ['/a%20b.cfg', 'a b.cfg', 'a b.cfg'],
    ['/caf%C3%A9.xml', 'café.xml', 'café.xml'],
    ['/x.cfg#frag', 'x.cfg', 'x.cfg'],
    ['http://10.0.0.1:8667/dir/file.cfg', 'dir/file.cfg', 'file.cfg'],
    ['/...', '...', '...'],
    ['/a..b/..c', 'a..b/..c', '..c'],
  ])('%s → %s', (target, path, filename) => {
    expect(resolverPath(target)).toEqual({ ok: true, path, filename });
  });

  it.each([
    ['/../etc/passwd', 'dot segment'],
    ['/a/../../etc/passwd', 'dot segment'],
    ['/./a.cfg', 'dot segment'],
    ['/%2e%2e/etc/passwd', 'dot segment'],
    ['/%2E%2e/etc/passwd', 'dot segment'],
    ['/.%2e/etc/passwd', 'dot segment'],
    ['/%252e%252e/etc/passwd', 'percent sign after decoding (double encoding)'],
    ['/..%2fetc/passwd', 'encoded slash'],
    ['/%2fetc/passwd', 'encoded slash'],
    ['/..\\etc\\passwd', 'backslash'],
    ['/..%5cetc', 'backslash'],
    ['/a.cfg%00.png', 'NUL byte'],
    ['/a%0d%0aX:1', 'control character'],
    ['/a%c2%85b', 'control character'],
    ['/%c0%ae%c0%ae/etc', 'malformed percent-encoding or invalid UTF-8'],
    ['/%ed%a0%80', 'malformed percent-encoding or invalid UTF-8'],
    ['/a%zz', 'malformed percent-encoding or invalid UTF-8'],
    ['/a%', 'malformed percent-encoding or invalid UTF-8'],
    ['*', 'request target is not a path'],
    ['etc/passwd', 'request target is not a path'],
    ['/a//b', 'empty path segment'],
    ['/dir/', 'empty path segment'],
    ['/é', 'non-ASCII or blank in request target'],
    ['/a b', 'non-ASCII or blank in request target'],
  ])('refuses %s (%s)', (target, reason) => {
    expect(resolverPath(target)).toEqual({ ok: false, status: 404, reason });
  });

  it('answers 414 past the length limit, whatever the query', () => {
    expect(resolverPath(`/${'a'.repeat(MAX_PATH_BYTES - 1)}`)).toMatchObject({ ok: true });
    expect(resolverPath(`/${'a'.repeat(MAX_PATH_BYTES)}`)).toMatchObject({ ok: false, status: 414 });
    expect(resolverPath(`/a?${'q'.repeat(4 * MAX_PATH_BYTES)}`)).toMatchObject({ ok: true, path: 'a' });
  });

  it('keeps empty segments for the URL key gate and drops leading ones', () => {
    expect(decodeRequestTarget('//key//file.cfg')).toEqual({ ok: true, segments: ['key', '', 'file.cfg'] });
    expect(toResolverPath(['', '', 'file.cfg'])).toEqual({
      ok: true,
      path: 'file.cfg',
      filename: 'file.cfg',
    });
    expect(toResolverPath([])).toEqual({ ok: true, path: '', filename: '' });
  });
});
