import { UsageError } from './errors.js';

const DURATION = /^(\d{1,6})([smhdw])$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
// A date, or a date and time with an optional offset: what Date.parse reads the same everywhere.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * `--expires`: a duration from now (`90m`, `12h`, `30d`, `2w`) or an ISO date (`2026-12-31`,
 * midnight UTC) or date-time (`2026-12-31T18:00:00+01:00`; without an offset, local time).
 */
export const parseExpiry = (text: string, now: Date): Date => {
  const duration = DURATION.exec(text);
  if (duration !== null) {
    const amount = Number(duration[1]);
    if (amount === 0) throw new UsageError('--expires: a duration must be more than 0');
    return new Date(now.getTime() + amount * UNIT_MS[duration[2]!]!);
  }
  const ms = ISO_DATE.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--expires: expected a duration (30d, 12h, 90m, 2w) or an ISO date (2026-12-31, 2026-12-31T18:00:00Z), got ${text}`,
    );
  }
  return new Date(ms);
};
