import { describe, expect, it } from 'vitest';
import { formatUtcOffset, timezoneInfo } from '../../src/plugin-runtime/timezone.js';

const transition = (month: number, week: number, day: number, hour: number) =>
  expect.objectContaining({ month, week, weekday: 7, day, hour, minute: 0 });

describe('timezoneInfo', () => {
  it('Europe/Paris: +1, DST from the last Sunday of March 02:00 to the last Sunday of October 03:00', () => {
    expect(timezoneInfo('Europe/Paris', 2025)).toEqual({
      name: 'Europe/Paris',
      year: 2025,
      standardOffsetMinutes: 60,
      dst: {
        saveMinutes: 60,
        start: { month: 3, week: 5, weekday: 7, day: 30, hour: 2, minute: 0, at: Date.UTC(2025, 2, 30, 1) },
        end: { month: 10, week: 5, weekday: 7, day: 26, hour: 3, minute: 0, at: Date.UTC(2025, 9, 26, 1) },
      },
    });
  });

  it('America/New_York: -5, second Sunday of March to first Sunday of November, 02:00', () => {
    const info = timezoneInfo('America/New_York', 2025);
    expect(info?.standardOffsetMinutes).toBe(-300);
    expect(info?.dst).toEqual({
      saveMinutes: 60,
      start: transition(3, 2, 9, 2),
      end: transition(11, 1, 2, 2),
    });
  });

  it('Asia/Kolkata: +5:30 without DST', () => {
    expect(timezoneInfo('Asia/Kolkata', 2025)).toEqual({
      name: 'Asia/Kolkata',
      year: 2025,
      standardOffsetMinutes: 330,
    });
  });

  it('Australia/Sydney (southern hemisphere): DST starts in October and ends in April', () => {
    const info = timezoneInfo('Australia/Sydney', 2025);
    expect(info?.standardOffsetMinutes).toBe(600);
    expect(info?.dst).toEqual({
      saveMinutes: 60,
      start: transition(10, 1, 5, 2),
      end: transition(4, 1, 6, 3),
    });
  });

  it('describes "last Sunday" as week 5 even in a year where it is the fourth', () => {
    // 2029-03-25 is the fourth and last Sunday of March.
    expect(timezoneInfo('Europe/Paris', 2029)?.dst?.start).toMatchObject({ day: 25, week: 5 });
  });

  it('follows the year asked for', () => {
    expect(timezoneInfo('Europe/Paris', 2026)?.dst?.start.day).toBe(29);
  });

  it('knows UTC and refuses unknown zones', () => {
    expect(timezoneInfo('UTC', 2025)).toEqual({ name: 'UTC', year: 2025, standardOffsetMinutes: 0 });
    expect(timezoneInfo('Mars/Olympus_Mons', 2025)).toBeUndefined();
    expect(timezoneInfo('', 2025)).toBeUndefined();
  });
});

describe('formatUtcOffset', () => {
  it.each([
    [60, '+1'],
    [-300, '-5'],
    [330, '+5:30'],
    [-210, '-3:30'],
    [345, '+5:45'],
    [0, '+0'],
  ])('%d minutes → %s', (minutes, text) => {
    expect(formatUtcOffset(minutes)).toBe(text);
  });
});
