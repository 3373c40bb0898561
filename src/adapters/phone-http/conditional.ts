/**
 * Conditional requests (RFC 9110 §13): phones poll their config files, and a 304 is what keeps a
 * boot storm cheap. Evaluation order is §13.2.2's: If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since; If-Range is asked separately by the range step.
 */

export interface Validators {
  /** Strong, quoted (`"…"`). */
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ConditionalHeaders {
  readonly 'if-match'?: string;
  readonly 'if-none-match'?: string;
  readonly 'if-modified-since'?: string;
  readonly 'if-unmodified-since'?: string;
}

export type PreconditionResult = 'proceed' | 'not-modified' | 'precondition-failed';

interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/** ETag for a file on disk, from what changes when it is replaced: size and mtime (ms). */
export const fileEtag = (size: number, mtimeMs: number): string =>
  `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;

/** HTTP dates have second precision; comparisons must drop the milliseconds of file mtimes. */
export const toSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^[A-Z][a-z]{5,8}, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

const utc = (
  year: number,
  month: string,
  day: string,
  h: string,
  m: string,
  s: string,
): number | undefined => {
  const monthIndex = MONTHS.indexOf(month);
  const [d, hh, mm, ss] = [Number(day), Number(h), Number(m), Number(s)];
  if (monthIndex < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, d, hh, mm, Math.min(ss, 59));
  // Date.UTC rolls 31 Feb over to March; a date that does not round-trip is invalid.
  return new Date(ms).getUTCDate() === d ? ms : undefined;
};

/**
 * Parses the three HTTP-date forms (RFC 9110 §5.6.7). Date.parse is not used: it reads asctime
 * dates in the server's local time zone and accepts many things that are not HTTP dates.
 */
export const parseHttpDate = (value: string, now = Date.now()): number | undefined => {
  const text = value.trim();
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  match = RFC850_DATE.exec(text);
  if (match) {
    // Two-digit years: the most recent year with those digits not more than 50 years ahead.
    let year = 2000 + Number(match[3]);
    if (year > new Date(now).getUTCFullYear() + 50) year -= 100;
    return utc(year, match[2]!, match[1]!, match[4]!, match[5]!, match[6]!);
  }
  match = ASCTIME_DATE.exec(text);
  if (match) return utc(Number(match[6]), match[1]!, match[2]!.trim(), match[3]!, match[4]!, match[5]!);
  return undefined;
};

const ENTITY_TAG = /(W\/)?"([^"]*)"/y;

/** A list of entity tags, `'*'`, or undefined when the header is malformed. */
const parseEntityTags = (value: string): '*' | EntityTag[] | undefined => {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let pos = 0;
  const skip = (chars: string): void => {
    while (pos < value.length && chars.includes(value[pos]!)) pos++;
  };
  for (;;) {
    skip(' \t,');
    if (pos >= value.length) return tags;
    ENTITY_TAG.lastIndex = pos;
    const match = ENTITY_TAG.exec(value);
    if (!match) return undefined;
    tags.push({ weak: match[1] !== undefined, opaque: match[2]! });
    pos = ENTITY_TAG.lastIndex;
    skip(' \t');
    if (pos < value.length && value[pos] !== ',') return undefined;
  }
};

const ownTag = (etag: string): EntityTag => {
  const parsed = parseEntityTags(etag);
  return Array.isArray(parsed) && parsed[0] ? parsed[0] : { weak: false, opaque: etag };
};

const strongMatch = (a: EntityTag, b: EntityTag): boolean => !a.weak && !b.weak && a.opaque === b.opaque;
const weakMatch = (a: EntityTag, b: EntityTag): boolean => a.opaque === b.opaque;

/** Preconditions of a GET or HEAD on an existing representation. */
export const evaluatePreconditions = (
  headers: ConditionalHeaders,
  validators: Validators,
  now = Date.now(),
): PreconditionResult => {
  const ifMatch = headers['if-match'];
  const ifUnmodifiedSince = headers['if-unmodified-since'];
  const ifNoneMatch = headers['if-none-match'];
  const ifModifiedSince = headers['if-modified-since'];
  // The common case, a first download: nothing to parse.
  const none = ifMatch === undefined && ifUnmodifiedSince === undefined && ifNoneMatch === undefined;
  if (none && ifModifiedSince === undefined) return 'proceed';
  const own = ownTag(validators.etag);
  const modified = toSeconds(validators.lastModified.getTime());
  if (ifMatch !== undefined) {
    // A malformed If-Match cannot be shown to hold, so it fails.
    const tags = parseEntityTags(ifMatch);
    if (tags !== '*' && !tags?.some((tag) => strongMatch(tag, own))) return 'precondition-failed';
  } else if (ifUnmodifiedSince !== undefined) {
    const since = parseHttpDate(ifUnmodifiedSince, now);
    if (since !== undefined && modified > since) return 'precondition-failed';
  }
  if (ifNoneMatch !== undefined) {
    // Weak comparison (§13.1.2); a malformed header is ignored and the full answer served.
    const tags = parseEntityTags(ifNoneMatch);
    return tags === '*' || tags?.some((tag) => weakMatch(tag, own)) ? 'not-modified' : 'proceed';
  }
  if (ifModifiedSince !== undefined) {
    const since = parseHttpDate(ifModifiedSince, now);
    // A date in the future is invalid (it could hide every later change), so it is ignored.
    if (since !== undefined && since <= now && modified <= since) return 'not-modified';
  }
  return 'proceed';
};

/**
 * Whether a Range may be honoured given If-Range (§13.1.5): an entity tag must match strongly, a
 * date must equal Last-Modified exactly. Otherwise the client's partial copy is stale and the
 * whole representation is sent.
 */
export const ifRangeHolds = (ifRange: string | undefined, validators: Validators): boolean => {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    const tags = parseEntityTags(value);
    return Array.isArray(tags) && tags.length === 1 && strongMatch(tags[0]!, ownTag(validators.etag));
  }
  const date = parseHttpDate(value);
  return date !== undefined && date === toSeconds(validators.lastModified.getTime());
};
