/**
 * Single byte ranges (RFC 9110 §14), for phones resuming firmware downloads.
 *
 * A request for several ranges gets the whole file with 200, which §14.2 allows ("a server MAY
 * ignore the Range header field"): no phone asks for several ranges, and multipart/byteranges is
 * the classic amplification vector (many overlapping ranges of one large file).
 */

export type RangeDecision =
  /** No usable Range: send the whole representation with 200. */
  | { readonly kind: 'full' }
  /** Send bytes start..end (inclusive) with 206. */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeDecision = { kind: 'full' };
const UNSATISFIABLE: RangeDecision = { kind: 'unsatisfiable' };
// Up to 15 digits stays within Number.MAX_SAFE_INTEGER; longer positions are treated as invalid.
const RANGE_SPEC = /^(\d{0,15})-(\d{0,15})$/;

/** Decides what to send for a `Range` header (undefined when absent) on a body of `size` bytes. */
export const evaluateRange = (header: string | undefined, size: number): RangeDecision => {
  if (header === undefined) return FULL;
  const equals = header.indexOf('=');
  // Other range units are ignored, as §14.2 requires of units the server does not support.
  if (equals === -1 || header.slice(0, equals).trim().toLowerCase() !== 'bytes') return FULL;
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length !== 1) return FULL;
  const match = RANGE_SPEC.exec(specs[0]!);
  if (!match) return FULL;
  const [, first, last] = match;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    // Suffix range `-n`: the last n bytes. `-0`, or any suffix of an empty body, selects nothing.
    const length = Number(last);
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  // `b-a` with b > a is syntactically invalid: the header is ignored rather than refused.
  if (last !== '' && end < start) return FULL;
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
};
