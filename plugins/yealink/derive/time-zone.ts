import type { PluginHelpers } from '../../../src/plugin-runtime/contract.js';
import type { DstTransition } from '../../../src/plugin-runtime/timezone.js';

/** The host's time-zone facts (IANA rules as Node knows them). */
export type TimeZones = Pick<PluginHelpers, 'timezoneInfo' | 'formatUtcOffset'>;

/** `local_time.*` values for a zone. */
export interface YealinkTimeZone {
  /** `local_time.time_zone`: `+1`, `-5`, `+5:30`. */
  readonly offset: string;
  readonly dst?: {
    /** `local_time.start_time` / `end_time`, week-based: `month/week/weekday/hour` (week 5 = last). */
    readonly start: string;
    readonly end: string;
    /** `local_time.offset_time`, minutes. */
    readonly minutes: string;
  };
}

// The range of Yealink's `local_time.time_zone` values as wazo's plugins clamp it.
const MIN_OFFSET = -11 * 60;
const MAX_OFFSET = 12 * 60;

const weekRule = (t: DstTransition): string => `${t.month}/${t.week}/${t.weekday}/${t.hour}`;

/** `XX_timezone` for the zone's rules in `year`; undefined for an unknown zone. */
export const deriveTimeZone = (
  name: string | undefined,
  year: number,
  { timezoneInfo, formatUtcOffset }: TimeZones,
): YealinkTimeZone | undefined => {
  const info = name === undefined ? undefined : timezoneInfo(name, year);
  if (info === undefined) return undefined;
  const offset = formatUtcOffset(Math.min(Math.max(info.standardOffsetMinutes, MIN_OFFSET), MAX_OFFSET));
  if (info.dst === undefined) return { offset };
  return {
    offset,
    dst: {
      start: weekRule(info.dst.start),
      end: weekRule(info.dst.end),
      minutes: String(info.dst.saveMinutes),
    },
  };
};
