import { describe, expect, it } from 'vitest';
import { parseTenantList, parseTokenBody, parseUtcTime } from '../../src/adapters/wazo-auth/token-data.js';

describe("wazo-auth's documents", () => {
  it('reads wazo-auth UTC times, written without a zone and with microseconds', () => {
    expect(parseUtcTime('2024-03-01T12:00:00.123456')).toBe(Date.UTC(2024, 2, 1, 12, 0, 0, 123));
    expect(parseUtcTime('2024-03-01T12:00:00')).toBe(Date.UTC(2024, 2, 1, 12));
    expect(parseUtcTime('2024-03-01T12:00:00+01:00')).toBe(Date.UTC(2024, 2, 1, 11));
    expect(parseUtcTime('2024-03-01')).toBeUndefined();
    expect(parseUtcTime(null)).toBeUndefined();
    expect(parseUtcTime('yesterday')).toBeUndefined();
  });

  it('reads the token document', () => {
    const body = JSON.stringify({
      data: {
        token: 't',
        acl: ['provd.#', 42],
        metadata: { tenant_uuid: 'T', uuid: 'U', purpose: 'user' },
        session_uuid: 'S',
        utc_issued_at: '2024-03-01T12:00:00.000000',
        utc_expires_at: '2024-03-01T13:00:00.000000',
      },
    });
    expect(parseTokenBody(body)).toEqual({
      token: 't',
      tenantUuid: 'T',
      userUuid: 'U',
      sessionUuid: 'S',
      acl: ['provd.#'],
      issuedAt: Date.UTC(2024, 2, 1, 12),
      expiresAt: Date.UTC(2024, 2, 1, 13),
    });
    expect(parseTokenBody(JSON.stringify({ data: { token: 't' } }))).toMatchObject({
      tenantUuid: undefined,
      acl: [],
    });
  });

  it.each([['not json'], ['[]'], ['{"data": []}'], ['{"data": {"token": ""}}'], ['{}']])(
    'refuses %s as a token document',
    (body) => {
      expect(parseTokenBody(body)).toBeUndefined();
    },
  );

  it('reads a tenant list, and refuses what is not one', () => {
    expect(parseTenantList('{"items": [{"uuid": "a", "name": "x"}, {"uuid": "b"}], "total": 2}')).toEqual([
      'a',
      'b',
    ]);
    expect(parseTenantList('{"items": [{"name": "x"}]}')).toBeUndefined();
    expect(parseTenantList('{"total": 0}')).toBeUndefined();
    expect(parseTenantList('<html>')).toBeUndefined();
  });
});
