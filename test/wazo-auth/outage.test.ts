import { describe, expect, it } from 'vitest';
import { AuthUnavailableError } from '../../src/application/auth/auth-backend.js';
import {
  MASTER_TENANT,
  PROVD_SERVICE_KEY,
  SUB1_TENANT,
  VALID_TOKEN_MULTITENANT,
} from '../support/wazo-auth-stand-in.js';
import { type Setup, setup } from './support.js';

const SECRET = '5f3c1d2e-9a8b-4c7d-8e6f-0a1b2c3d4e5f';

/** Every question, each expected to fail with AuthUnavailableError; returns the errors. */
const askAll = async ({ backend }: Setup): Promise<Error[]> => {
  const errors: Error[] = [];
  for (const ask of [
    () => backend.identify(SECRET),
    () => backend.authorize(SECRET, SUB1_TENANT, 'provd.status.read'),
    () => backend.subtree(MASTER_TENANT),
  ]) {
    const error = await ask().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(AuthUnavailableError);
    errors.push(error!);
  }
  return errors;
};

describe('wazo-auth unavailable', () => {
  it.each([
    [
      'refuses connections',
      'refuse' as const,
      /wazo-auth at http:\/\/127\.0\.0\.1:\d+ \(GET \/0\.1\/token\/\{token\}\): .*ECONNREFUSED/,
    ],
    [
      'answers 500',
      'error' as const,
      /wazo-auth at http:\/\/127\.0\.0\.1:\d+ \(GET \/0\.1\/token\/\{token\}\) answered status 500/,
    ],
    [
      'never answers',
      'hang' as const,
      /wazo-auth at http:\/\/127\.0\.0\.1:\d+ \(GET \/0\.1\/token\/\{token\}\): no answer within 300 ms/,
    ],
  ])(
    'when it %s: AuthUnavailableError, nothing cached, recovery afterwards',
    async (_what, outage, message) => {
      const context = await setup({ config: { cacheTtlMs: 60_000 }, tuning: { timeoutMs: 300 } });
      const { backend, standIn } = context;
      context.standIn.addToken({ token: SECRET, tenantUuid: MASTER_TENANT });
      await standIn.setOutage(outage);
      const started = Date.now();
      const [identifyError] = await askAll(context);
      expect(identifyError?.message).toMatch(message);
      expect(Date.now() - started).toBeLessThan(1500);
      // Failures are not kept: asking again asks wazo-auth again.
      await askAll(context);

      await standIn.setOutage('none');
      standIn.resetCounts();
      expect(await backend.identify(SECRET)).toMatchObject({ tenantUuid: MASTER_TENANT });
      expect(await backend.authorize(SECRET, SUB1_TENANT, 'provd.status.read')).toBe(true);
      expect(await backend.subtree(MASTER_TENANT)).toHaveLength(3);
      expect(standIn.counts()).toMatchObject({
        'GET /0.1/token/{token}': 1,
        'HEAD /0.1/token/{token}': 1,
        'GET /0.1/tenants': 1,
      });
    },
  );

  it('counts every failed attempt as a request (none is answered from a cache)', async () => {
    const context = await setup({ config: { cacheTtlMs: 60_000 } });
    await context.standIn.setOutage('error');
    context.standIn.resetCounts();
    await askAll(context);
    await askAll(context);
    expect(context.standIn.count('GET /0.1/token/{token}')).toBe(2);
    expect(context.standIn.count('HEAD /0.1/token/{token}')).toBe(2);
    expect(context.standIn.count('GET /0.1/tenants')).toBe(2);
  });

  it('answers a slow wazo-auth within the timeout', async () => {
    const { backend, standIn } = await setup({ tuning: { timeoutMs: 1000 } });
    standIn.setLatency(200);
    expect(await backend.identify(VALID_TOKEN_MULTITENANT)).toMatchObject({ tenantUuid: MASTER_TENANT });
  });

  it('logs once when wazo-auth stops answering and once when it is back', async () => {
    const context = await setup();
    await context.standIn.setOutage('error');
    await askAll(context);
    await askAll(context);
    await context.standIn.setOutage('none');
    await context.backend.identify(VALID_TOKEN_MULTITENANT);
    await context.backend.identify('another-token');
    const messages = context.logger.lines.map((l) => `${l.level} ${l.message}`);
    expect(messages.filter((m) => m === 'warn wazo-auth cannot be asked')).toHaveLength(1);
    expect(messages.filter((m) => m === 'info wazo-auth answers again')).toHaveLength(1);
  });

  it('gets a service token at start although wazo-auth is down at first, without holding up start', async () => {
    const { standIn, runtime, backend } = await setup({ start: false, tuning: { timeoutMs: 300 } });
    await standIn.setOutage('hang');
    const started = Date.now();
    await runtime.start();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(backend.masterTenant()).rejects.toThrow(
      /no service token from wazo-auth yet: .*no answer within/,
    );
    await standIn.setOutage('none');
    await expect
      .poll(() => backend.masterTenant().catch(() => undefined), { timeout: 2000 })
      .toBe(MASTER_TENANT);
  });
});

describe('secrets', () => {
  it('never logs a token or the service key, nor puts a token in an error', async () => {
    const context = await setup({ config: { cacheTtlMs: 0 }, tuning: { timeoutMs: 300 } });
    const { backend, standIn, logger } = context;
    standIn.addToken({ token: SECRET, tenantUuid: MASTER_TENANT });
    await backend.identify(SECRET);
    await backend.authorize(SECRET, SUB1_TENANT, 'provd.status.read');
    standIn.removeToken(standIn.issuedTokens()[0]!); // forces a renewal, which is logged
    await backend.subtree(MASTER_TENANT);
    await standIn.setOutage('error');
    const errors = await askAll(context);
    await standIn.setOutage('none');
    await backend.identify('unknown-secret-token');
    await context.runtime.close();

    expect(standIn.issuedTokens()).toHaveLength(2);
    expect(logger.lines.length).toBeGreaterThan(3);
    const logged = logger.text();
    for (const secret of [SECRET, PROVD_SERVICE_KEY, 'unknown-secret-token', ...standIn.issuedTokens()]) {
      expect(logged).not.toContain(secret);
      for (const error of errors) expect(error.message).not.toContain(secret);
    }
  });
});
