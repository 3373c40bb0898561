import { describe, expect, it } from 'vitest';
import { isCliCommandLine, splitCommandLine } from '../../src/cli/command-line.js';
import { UsageError } from '../../src/cli/shared/errors.js';
import { parseExpiry } from '../../src/cli/shared/expiry.js';
import { renderTenantTree } from '../../src/cli/tenant/tree.js';

describe('the command line', () => {
  it('goes to the CLI for token, tenant and plugin only; anything else starts the server', () => {
    expect(isCliCommandLine(['token', 'list'])).toBe(true);
    expect(isCliCommandLine(['plugin', 'list'])).toBe(true);
    expect(isCliCommandLine(['--url', 'plugin'])).toBe(false);
    expect(isCliCommandLine(['--config', 'provd.yml', 'tenant', 'list'])).toBe(true);
    expect(isCliCommandLine([])).toBe(false);
    expect(isCliCommandLine(['--config', 'provd.yml'])).toBe(false);
    // The value of --config is not a command, whatever it is called.
    expect(isCliCommandLine(['--config', 'token'])).toBe(false);
    expect(isCliCommandLine(['--config=provd.yml'])).toBe(false);
  });

  it('keeps --config with the command arguments wherever it stands', () => {
    expect(splitCommandLine(['--config', 'f.yml', 'token', 'create', '--label', 'x'])).toEqual({
      words: ['token', 'create'],
      rest: ['--config', 'f.yml', '--label', 'x'],
    });
    expect(splitCommandLine(['plugin', '--token', 'list', '--url', 'http://h', 'install', 'zero'])).toEqual({
      words: ['plugin', 'install'],
      rest: ['--token', 'list', '--url', 'http://h', 'zero'],
    });
    expect(splitCommandLine(['tenant', 'create', 'sales', '--config=f.yml'])).toEqual({
      words: ['tenant', 'create'],
      rest: ['sales', '--config=f.yml'],
    });
  });
});

describe('--expires', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  it('reads durations from now', () => {
    expect(parseExpiry('90m', now).toISOString()).toBe('2026-03-01T13:30:00.000Z');
    expect(parseExpiry('12h', now).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(parseExpiry('30d', now).toISOString()).toBe('2026-03-31T12:00:00.000Z');
    expect(parseExpiry('2w', now).toISOString()).toBe('2026-03-15T12:00:00.000Z');
    expect(parseExpiry('45s', now).toISOString()).toBe('2026-03-01T12:00:45.000Z');
  });

  it('reads ISO dates (midnight UTC) and date-times with an offset', () => {
    expect(parseExpiry('2026-12-31', now).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(parseExpiry('2026-12-31T18:00:00+01:00', now).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(parseExpiry('2026-12-31T18:00Z', now).toISOString()).toBe('2026-12-31T18:00:00.000Z');
  });

  it('refuses anything else as a usage error', () => {
    for (const text of [
      'tomorrow',
      '30',
      'd',
      '1y',
      '0h',
      '2026-13-01',
      '2026-12-31 18:00',
      '31/12/2026',
      '',
    ]) {
      expect(() => parseExpiry(text, now), text).toThrow(UsageError);
    }
  });
});

describe('the tenant tree', () => {
  it('draws roots first, siblings by name, and keeps orphans visible as roots', () => {
    expect(
      renderTenantTree([
        { tenantUuid: 'm', parentUuid: null, name: 'master' },
        { tenantUuid: 's', parentUuid: 'm', name: 'support' },
        { tenantUuid: 'a', parentUuid: 'm', name: 'sales' },
        { tenantUuid: 'e', parentUuid: 'a', name: 'emea' },
        { tenantUuid: 'p', parentUuid: 'a', name: 'apac' },
        { tenantUuid: 'x', parentUuid: 'e', name: 'paris' },
        { tenantUuid: 'o', parentUuid: 'gone', name: 'orphan' },
      ]),
    ).toEqual([
      'm  master',
      '├── a  sales',
      '│   ├── p  apac',
      '│   └── e  emea',
      '│       └── x  paris',
      '└── s  support',
      'o  orphan',
    ]);
    expect(renderTenantTree([])).toEqual([]);
  });
});
