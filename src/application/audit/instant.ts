import * as E from 'fp-ts/lib/Either.js';

// A date, or a date and time with an optional offset; `T` and `Z` in either case.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An ISO 8601 instant as auditors write them: `2026-03-01` (midnight UTC), `2026-03-01T10:00Z`,
 * `2026-03-01T10:00:00.250+01:00`. Date.parse alone would take `2026` or `March 1` too, and roll
 * `2026-02-31` over to March: an instant an audit answers for must be exactly the one asked.
 * A date-time without an offset is local time when `localTime` (an operator at a terminal), and
 * refused otherwise (a server cannot know the client's zone).
 */
export const parseInstant = (
  text: string,
  options: { readonly localTime?: boolean } = {},
): E.Either<string, Date> => {
  const match = ISO_8601.exec(text.trim());
  const invalid = E.left(
    `not an ISO 8601 instant: ${JSON.stringify(text)} (expected e.g. 2026-03-01, 2026-03-01T10:00:00Z or 2026-03-01T10:00:00+01:00)`,
  );
  if (match === null) return invalid;
  const [, year, month, day, hour, minute, second, zone] = match;
  const m = Number(month);
  if (m < 1 || m > 12 || Number(day) < 1 || Number(day) > daysIn(Number(year), m)) return invalid;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59)) {
    return invalid;
  }
  if (hour !== undefined && zone === undefined && options.localTime !== true) {
    return E.left(`${JSON.stringify(text)} has no time zone: add Z (UTC) or an offset such as +01:00`);
  }
  const normalized =
    zone !== undefined && /^[+-]\d{4}$/.test(zone)
      ? text.trim().replace(/(\d{2})(\d{2})$/, '$1:$2')
      : text.trim();
  const ms = Date.parse(normalized.toUpperCase());
  return Number.isNaN(ms) ? invalid : E.right(new Date(ms));
};
