import { describe, expect, it } from 'vitest';
import {
  INVALID_TOKEN,
  MASTER_TENANT,
  SUB1_TENANT,
  SUB2_TENANT,
  VALID_TOKEN,
  VALID_TOKEN_MULTITENANT,
} from '../support/wazo-auth-stand-in.js';
import { setup } from './support.js';

/** A clock the test moves: cache expiry is then exact, with no sleeping. */
const manualClock = () => {
  let now = Date.now();
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('caching', () => {
  it('answers a repeated question from the cache until the TTL has passed', async () => {
    const clock = manualClock();
    const { backend, standIn } = await setup({ config: { cacheTtlMs: 5000 }, tuning: { now: clock.now } });
    await backend.identify(VALID_TOKEN_MULTITENANT);
    await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT, 'provd.status.read');
    await backend.subtree(MASTER_TENANT);
    standIn.resetCounts();

    clock.advance(4999);
    expect(await backend.identify(VALID_TOKEN_MULTITENANT)).toMatchObject({ tenantUuid: MASTER_TENANT });
    expect(await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT, 'provd.status.read')).toBe(true);
    expect(await backend.subtree(MASTER_TENANT)).toHaveLength(3);
    expect(standIn.counts()).toMatchObject({
      'GET /0.1/token/{token}': 0,
      'HEAD /0.1/token/{token}': 0,
      'GET /0.1/tenants': 0,
    });

    clock.advance(2);
    await backend.identify(VALID_TOKEN_MULTITENANT);
    await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT, 'provd.status.read');
    await backend.subtree(MASTER_TENANT);
    expect(standIn.counts()).toMatchObject({
      'GET /0.1/token/{token}': 1,
      'HEAD /0.1/token/{token}': 1,
      'GET /0.1/tenants': 1,
    });
  });

  it('keeps each question apart: another tenant or ACL is another question', async () => {
    const { backend, standIn } = await setup();
    await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT, 'provd.status.read');
    await backend.authorize(VALID_TOKEN_MULTITENANT, MASTER_TENANT, 'provd.status.read');
    await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT, 'provd.configure.read');
    await backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT);
    await backend.authorize(VALID_TOKEN, SUB1_TENANT);
    expect(standIn.count('HEAD /0.1/token/{token}')).toBe(5);
  });

  it('keeps negative answers for a shorter time', async () => {
    const clock = manualClock();
    const { backend, standIn } = await setup({
      config: { cacheTtlMs: 5000 },
      tuning: { now: clock.now, negativeCacheTtlMs: 500 },
    });
    expect(await backend.identify(INVALID_TOKEN)).toBeUndefined();
    expect(await backend.authorize(VALID_TOKEN, SUB1_TENANT)).toBe(false);
    clock.advance(499);
    expect(await backend.identify(INVALID_TOKEN)).toBeUndefined();
    expect(await backend.authorize(VALID_TOKEN, SUB1_TENANT)).toBe(false);
    expect(standIn.count('GET /0.1/token/{token}')).toBe(1);
    expect(standIn.count('HEAD /0.1/token/{token}')).toBe(1);

    // The token now exists: once the short TTL is over, the new answer is seen.
    standIn.addToken({ token: INVALID_TOKEN, tenantUuid: SUB1_TENANT });
    clock.advance(2);
    expect(await backend.identify(INVALID_TOKEN)).toMatchObject({ tenantUuid: SUB1_TENANT });
    expect(standIn.count('GET /0.1/token/{token}')).toBe(2);
  });

  it('never vouches for a token past the expiry wazo-auth gave it', async () => {
    const { backend, standIn } = await setup({ config: { cacheTtlMs: 60_000 } });
    standIn.addToken({ token: 'expiring', tenantUuid: MASTER_TENANT, expiresAt: Date.now() + 200 });
    expect(await backend.identify('expiring')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await backend.identify('expiring')).toBeUndefined();
    expect(standIn.count('GET /0.1/token/{token}')).toBe(2);
  });

  it('keeps nothing with a TTL of 0', async () => {
    const { backend, standIn } = await setup({ config: { cacheTtlMs: 0 } });
    await backend.identify(VALID_TOKEN_MULTITENANT);
    await backend.identify(VALID_TOKEN_MULTITENANT);
    await backend.identify(INVALID_TOKEN);
    await backend.identify(INVALID_TOKEN);
    expect(standIn.count('GET /0.1/token/{token}')).toBe(4);
  });

  it('holds a bounded number of answers: a flood of random tokens pushes out the oldest', async () => {
    const { backend, standIn } = await setup({ tuning: { cacheMaxEntries: 3, negativeCacheTtlMs: 60_000 } });
    await backend.identify(VALID_TOKEN_MULTITENANT);
    for (let i = 0; i < 50; i++) expect(await backend.identify(`random-${i}`)).toBeUndefined();
    standIn.resetCounts();
    // The last three are still kept; the first answer was pushed out.
    for (let i = 47; i < 50; i++) await backend.identify(`random-${i}`);
    expect(standIn.count('GET /0.1/token/{token}')).toBe(0);
    await backend.identify(VALID_TOKEN_MULTITENANT);
    expect(standIn.count('GET /0.1/token/{token}')).toBe(1);
  });

  it('sends one request for identical questions asked at the same time', async () => {
    const { backend, standIn } = await setup();
    standIn.setLatency(100);
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => backend.identify(VALID_TOKEN_MULTITENANT)),
      ...Array.from({ length: 20 }, () => backend.authorize(VALID_TOKEN_MULTITENANT, SUB1_TENANT, 'a.b')),
      ...Array.from({ length: 20 }, () => backend.subtree(MASTER_TENANT)),
      ...Array.from({ length: 20 }, () => backend.identify(INVALID_TOKEN)),
    ]);
    expect(answers.slice(0, 20)).toEqual(
      Array(20).fill(expect.objectContaining({ tenantUuid: MASTER_TENANT })),
    );
    expect(answers.slice(20, 40)).toEqual(Array(20).fill(true));
    expect(answers.slice(40, 60)).toEqual(Array(20).fill([MASTER_TENANT, SUB1_TENANT, SUB2_TENANT]));
    expect(answers.slice(60)).toEqual(Array(20).fill(undefined));
    expect(standIn.count('GET /0.1/token/{token}')).toBe(2);
    expect(standIn.count('HEAD /0.1/token/{token}')).toBe(1);
    expect(standIn.count('GET /0.1/tenants')).toBe(1);
  });
});
