import { describe, expect, it } from 'vitest';
import { applyUrlKeyGate, REDACTED_KEY, redactPath } from '../../src/adapters/phone-http/url-key.js';

const KEY = 'S3cr3t-Key.~$';
const lookup = (key: string) => (key === KEY ? 'tenant-a' : undefined);

describe('applyUrlKeyGate', () => {
  it('removes a known key and attaches its tenant', () => {
    expect(applyUrlKeyGate([KEY, 'a.cfg'], lookup)).toEqual({
      ok: true,
      urlKey: { key: KEY, tenantUuid: 'tenant-a' },
      segments: ['a.cfg'],
    });
    expect(applyUrlKeyGate([KEY], lookup)).toMatchObject({ ok: true, segments: [] });
  });

  it('refuses a missing or unknown key', () => {
    expect(applyUrlKeyGate([], lookup)).toEqual({ ok: false, reason: 'missing url key' });
    expect(applyUrlKeyGate(['', 'a.cfg'], lookup)).toEqual({ ok: false, reason: 'missing url key' });
    expect(applyUrlKeyGate(['nope', 'a.cfg'], lookup)).toEqual({ ok: false, reason: 'unknown url key' });
  });
});

describe('redactPath', () => {
  it('shows the path as received without the query when there is no gate', () => {
    expect(redactPath('/a/b.cfg?token=x', undefined)).toBe('/a/b.cfg');
  });

  it('replaces the first segment, and any known key, with the gate on', () => {
    expect(redactPath(`/${KEY}/a.cfg?k=${KEY}`, lookup)).toBe(`/${REDACTED_KEY}/a.cfg`);
    expect(redactPath('/near-miss/a.cfg', lookup)).toBe(`/${REDACTED_KEY}/a.cfg`);
    expect(redactPath(`//x/${encodeURIComponent(KEY).replace('S', '%53')}/b`, lookup)).toBe(
      `//${REDACTED_KEY}/${REDACTED_KEY}/b`,
    );
    expect(redactPath(`http://h/${KEY}/a.cfg`, lookup)).toBe(`/${REDACTED_KEY}/a.cfg`);
  });

  it('cuts long paths after redacting', () => {
    const long = redactPath(`/${KEY}/${'a'.repeat(1000)}`, lookup);
    expect(long.length).toBeLessThan(300);
    expect(long.startsWith(`/${REDACTED_KEY}/aaa`)).toBe(true);
  });
});
