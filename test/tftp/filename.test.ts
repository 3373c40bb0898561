import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseFilename } from '../../src/adapters/tftp/filename.js';

/** What every accepted name must look like: safe to join under a root directory. */
const isSafe = (name: string): boolean =>
  name.length > 0 &&
  !name.startsWith('/') &&
  !name.includes('\\') &&
  !/^[A-Za-z]:/.test(name) &&
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for control characters
  !/[\x00-\x1f\x7f]/.test(name) &&
  name.split('/').every((s) => s !== '' && s !== '.' && s !== '..');

describe('normaliseFilename', () => {
  it.each([
    ['SEP001122334455.cnf.xml', 'SEP001122334455.cnf.xml'],
    ['/SEP001122334455.cnf.xml', 'SEP001122334455.cnf.xml'],
    ['\\firmware\\x.bin', 'firmware/x.bin'],
    ['//a//b/./c', 'a/b/c'],
    ['\\/\\a', 'a'],
    ['a/b/', 'a/b'],
    ['...', '...'],
    ['a..b/c..', 'a..b/c..'],
    ['Polycom/0004F2AABBCC-phone.cfg', 'Polycom/0004F2AABBCC-phone.cfg'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(normaliseFilename(raw)).toEqual({ ok: true, filename: expected });
  });

  it.each([
    ['', 'empty filename'],
    ['/', 'empty filename'],
    ['\\\\', 'empty filename'],
    ['./.', 'empty filename'],
    ['../etc/passwd', 'parent directory segment'],
    ['..\\..\\x', 'parent directory segment'],
    ['/../x', 'parent directory segment'],
    ['a/../../x', 'parent directory segment'],
    ['a/..', 'parent directory segment'],
    ['a/../b', 'parent directory segment'],
    ['C:\\Windows\\win.ini', 'absolute Windows path'],
    ['c:/x', 'absolute Windows path'],
    ['/C:/x', 'absolute Windows path'],
    ['a\0b', 'control character in filename'],
    ['a\nb', 'control character in filename'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(normaliseFilename(raw)).toEqual({ ok: false, reason });
  });

  it('only ever accepts safe names, and is idempotent', () => {
    const alphabet = fc.constantFrom('a', 'B', '.', '/', '\\', ':', 'C', '\0', '..', ' ', 'é');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 20 }).map((parts) => parts.join('')),
        (raw) => {
          const result = normaliseFilename(raw);
          if (!result.ok) return;
          expect(isSafe(result.filename)).toBe(true);
          expect(normaliseFilename(result.filename)).toEqual(result);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
