/**
 * Turns a raw HTTP request target into path segments a resolver may safely join to a root.
 * Every phone request is treated as hostile: anything that could name a file outside the
 * resolver's tree, or be decoded a second time further down, is refused here, so resolvers never
 * see it. Refusals carry a reason for the log; the phone only ever gets a constant 404 (or 414).
 */

/** Longer request paths (query excluded) are refused with 414; phone file names are short. */
export const MAX_PATH_BYTES = 1024;

export type PathRejection = { readonly ok: false; readonly status: 404 | 414; readonly reason: string };
export type SegmentsResult = { readonly ok: true; readonly segments: readonly string[] } | PathRejection;
export type ResolverPathResult =
  | { readonly ok: true; readonly path: string; readonly filename: string }
  | PathRejection;

const reject = (reason: string, status: 404 | 414 = 404): PathRejection => ({ ok: false, status, reason });

// RFC 9112 absolute-form (`GET http://host/x`): servers must accept it; only the path matters.
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/;
// A request target is visible ASCII only; Node's parser refuses most of the rest, but not all.
const NOT_VISIBLE_ASCII = /[^\x21-\x7e]/;

/** C0 and C1 controls, DEL: NUL truncates C strings, the others have no place in a file name. */
const controlCharacter = (segment: string): 'NUL byte' | 'control character' | undefined => {
  for (let i = 0; i < segment.length; i++) {
    const code = segment.charCodeAt(i);
    if (code === 0) return 'NUL byte';
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'control character';
  }
  return undefined;
};

/** The path part of a request target: query and fragment dropped (they never select a file). */
export const pathPart = (target: string): string => {
  let end = target.length;
  const query = target.indexOf('?');
  if (query !== -1) end = query;
  const fragment = target.indexOf('#');
  if (fragment !== -1 && fragment < end) end = fragment;
  const path = target.slice(0, end);
  const absolute = ABSOLUTE_FORM.exec(path);
  return absolute ? path.slice(absolute[0].length) || '/' : path;
};

/**
 * Decodes one segment exactly once and checks what it decoded to. decodeURIComponent is strict:
 * it throws on malformed escapes and on invalid UTF-8, which includes overlong forms (`%c0%ae`)
 * and surrogates, so those never turn into `.` or `/`.
 */
const decodeSegment = (raw: string): string | PathRejection => {
  let segment = raw;
  if (raw.includes('%')) {
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return reject('malformed percent-encoding or invalid UTF-8');
    }
    // `%2f` would smuggle a separator into a segment.
    if (segment.includes('/')) return reject('encoded slash');
    // A `%` left after one decode means the client encoded twice (`%252e%252e`). It is harmless
    // here, but a layer below that decodes again would see `..`; no phone file name has one.
    if (segment.includes('%')) return reject('percent sign after decoding (double encoding)');
  }
  // Backslash is a separator for Windows-minded code (`..\\x`), raw or as `%5c`.
  if (segment.includes('\\')) return reject('backslash');
  const control = controlCharacter(segment);
  if (control) return reject(control);
  if (segment === '..' || segment === '.') return reject('dot segment');
  return segment;
};

/**
 * Splits and decodes a raw request target (`req.url`). Leading empty segments (leading slashes)
 * are dropped, other empty segments are kept so that the URL key gate can strip the key first
 * and `toResolverPath` decide about them.
 */
export const decodeRequestTarget = (target: string): SegmentsResult => {
  const path = pathPart(target);
  if (path.charCodeAt(0) !== 0x2f) return reject('request target is not a path');
  // Everything left is ASCII (checked next), so characters are bytes.
  if (path.length > MAX_PATH_BYTES) return reject(`path longer than ${MAX_PATH_BYTES} bytes`, 414);
  if (NOT_VISIBLE_ASCII.test(path)) return reject('non-ASCII or blank in request target');
  const raw = path.split('/');
  let first = 0;
  while (first < raw.length && raw[first] === '') first++;
  const segments: string[] = [];
  for (let i = first; i < raw.length; i++) {
    const decoded = decodeSegment(raw[i]!);
    if (typeof decoded !== 'string') return decoded;
    segments.push(decoded);
  }
  return { ok: true, segments };
};

/**
 * The path handed to the resolver: leading empty segments dropped (wazo-provd strips leading
 * slashes, also right after the URL key), any other empty segment refused (`a//b`, `dir/`): they
 * are not file names, and refusing them keeps one spelling per file.
 */
export const toResolverPath = (segments: readonly string[]): ResolverPathResult => {
  let first = 0;
  while (first < segments.length && segments[first] === '') first++;
  const rest = first === 0 ? segments : segments.slice(first);
  for (const segment of rest) if (segment === '') return reject('empty path segment');
  return { ok: true, path: rest.join('/'), filename: rest[rest.length - 1] ?? '' };
};
