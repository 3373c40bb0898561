import { describe, expect, it } from 'vitest';
import { newEventId } from '../../src/eventstore/event-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('is a version 7, RFC 9562 variant uuid', () => {
    for (let i = 0; i < 1_000; i++) expect(newEventId()).toMatch(UUID_V7);
  });

  it('starts with the time in milliseconds', () => {
    const now = Date.UTC(2026, 10, 26, 6, 30, 0, 123);
    const id = newEventId(now);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
  });

  it('sorts by time across milliseconds', () => {
    const ids = [5, 1, 4, 2, 3].map((offset) => newEventId(1_700_000_000_000 + offset));
    const byTime = [...ids].sort((a, b) => a.slice(0, 13).localeCompare(b.slice(0, 13)));
    expect(byTime.map((id) => ids.indexOf(id))).toEqual([1, 3, 4, 2, 0]);
  });

  it('does not repeat within one millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newEventId(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });
});
