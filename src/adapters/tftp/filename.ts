/**
 * Request filename normalisation and the traversal check. Runs before any resolver sees a name,
 * so a resolver can join the result under its root without re-checking: the result never has a
 * `..` segment, a leading separator, a drive letter, a backslash or a control character.
 *
 * Phones ask for `/SEP001122334455.cnf.xml`, `\firmware\x.bin` or `firmware//x.bin`; all three map
 * to a plain relative path. Anything that tries to climb (`..`) is refused outright even when it
 * would stay inside the root (`a/../b`): no phone needs it and refusing is easier to reason about.
 */

export type FilenameCheck =
  | { readonly ok: true; readonly filename: string }
  | { readonly ok: false; readonly reason: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f]/;
const DRIVE = /^[A-Za-z]:/;

export const normaliseFilename = (raw: string): FilenameCheck => {
  if (raw.length === 0) return { ok: false, reason: 'empty filename' };
  // NUL cannot come off the wire (it ends the field), but this function is also fed by tests and tools.
  if (CONTROL.test(raw)) return { ok: false, reason: 'control character in filename' };
  const slashed = raw.replaceAll('\\', '/');
  if (DRIVE.test(slashed)) return { ok: false, reason: 'absolute Windows path' };
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, reason: 'parent directory segment' };
  if (segments.length === 0) return { ok: false, reason: 'empty filename' };
  // `/C:/x` is a drive path once the leading separator is gone.
  if (DRIVE.test(segments[0]!)) return { ok: false, reason: 'absolute Windows path' };
  return { ok: true, filename: segments.join('/') };
};
