/**
 * Time-zone facts vendor templates need (standard offset, DST rule), computed from the IANA
 * database built into Node's Intl rather than from zoneinfo files (provd's tzinform read
 * `/usr/share/zoneinfo`). Pure for a given name and year, on a given Node build.
 */

/** A DST change, described the way phones want it. */
export interface DstTransition {
  /** 1–12. */
  readonly month: number;
  /** Day of the month, in the year asked for. */
  readonly day: number;
  /**
   * Week of the month the day falls in, 1–4, or 5 for "the last one" (whenever no later week of
   * the month has that weekday): rules say "last Sunday", and 5 keeps that true every year.
   */
  readonly week: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /**
   * Local wall-clock time of the change, in the time in effect just before it (the POSIX TZ
   * convention): Europe/Paris starts at 02:00 and ends at 03:00.
   */
  readonly hour: number;
  readonly minute: number;
  /** The instant of the change, milliseconds since the epoch. */
  readonly at: number;
}

export interface TimezoneInfo {
  readonly name: string;
  readonly year: number;
  /** Standard offset from UTC in minutes, east positive: Paris 60, New York -300, Kolkata 330. */
  readonly standardOffsetMinutes: number;
  /**
   * Undefined when the zone keeps one offset all year. When a year has several DST periods,
   * `start` and `end` are the first change into and the first change out of DST.
   */
  readonly dst?: {
    /** Minutes added during DST (60 almost everywhere). */
    readonly saveMinutes: number;
    readonly start: DstTransition;
    readonly end: DstTransition;
  };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatterFor = (name: string): Intl.DateTimeFormat | undefined => {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined; // RangeError: unknown zone
  }
};

/** The zone's offset from UTC at an instant, in minutes. */
const offsetAt = (format: Intl.DateTimeFormat, instant: number): number => {
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallClockAsUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((wallClockAsUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
};

interface Change {
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/** The first minute at which the offset differs from the one at `before` (it does at `after`). */
const pinpoint = (format: Intl.DateTimeFormat, before: number, after: number): number => {
  const from = offsetAt(format, before);
  let lo = before / MINUTE;
  let hi = after / MINUTE;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(format, mid * MINUTE) === from) lo = mid;
    else hi = mid;
  }
  return hi * MINUTE;
};

/** Offset changes during the year, found by sampling each UTC midnight then bisecting. */
const changesIn = (format: Intl.DateTimeFormat, year: number): Change[] => {
  const changes: Change[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let previous = Date.UTC(year, 0, 1);
  let previousOffset = offsetAt(format, previous);
  for (let t = previous + DAY; t <= end; t += DAY) {
    const offset = offsetAt(format, t);
    if (offset !== previousOffset) {
      changes.push({ at: pinpoint(format, previous, t), from: previousOffset, to: offset });
    }
    previous = t;
    previousOffset = offset;
  }
  return changes;
};

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const describe = (change: Change): DstTransition => {
  const local = new Date(change.at + change.from * MINUTE);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  return {
    month,
    day,
    week: day + 7 > daysInMonth(year, month) ? 5 : Math.ceil(day / 7),
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    at: change.at,
  };
};

const cache = new Map<string, TimezoneInfo | null>();

const compute = (name: string, year: number): TimezoneInfo | undefined => {
  const format = formatterFor(name);
  if (format === undefined) return undefined;
  const changes = changesIn(format, year);
  const start = changes.find((c) => c.to > c.from);
  const end = changes.find((c) => c.to < c.from);
  if (start === undefined || end === undefined) {
    return { name, year, standardOffsetMinutes: offsetAt(format, Date.UTC(year, 0, 1)) };
  }
  return {
    name,
    year,
    standardOffsetMinutes: start.from,
    dst: { saveMinutes: start.to - start.from, start: describe(start), end: describe(end) },
  };
};

/**
 * The standard offset and DST rule of an IANA zone for `year`, or undefined for an unknown
 * zone. Results are cached: the function is pure.
 */
export const timezoneInfo = (name: string, year: number): TimezoneInfo | undefined => {
  const key = `${name}|${year}`;
  if (!cache.has(key)) cache.set(key, compute(name, year) ?? null);
  return cache.get(key) ?? undefined;
};

/** An offset in minutes as `+1`, `-5`, `+5:30`, `+0` (hours, and minutes only when needed). */
export const formatUtcOffset = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return rest === 0 ? `${sign}${hours}` : `${sign}${hours}:${String(rest).padStart(2, '0')}`;
};
