import { describe, expect, it } from 'vitest';
import { aclMatches, hasAccess, requiredAcl } from '../../src/application/auth/acl.js';

describe('aclMatches', () => {
  it.each([
    ['provd.dev_mgr.devices.read', 'provd.dev_mgr.devices.read', true],
    ['provd.dev_mgr.devices.read', 'provd.dev_mgr.devices.create', false],
    ['provd.dev_mgr.*.read', 'provd.dev_mgr.devices.read', true],
    ['provd.dev_mgr.*.read', 'provd.dev_mgr.devices.x.read', false],
    ['provd.*', 'provd.status', true],
    ['provd.*', 'provd.status.read', false],
    ['provd.#', 'provd.dev_mgr.devices.read', true],
    ['provd.#', 'provd', false],
    ['provd.#', 'provdx.status', false],
    ['#', 'anything.at.all', true],
    ['#.read', 'provd.dev_mgr.devices.read', true],
    ['#.read', 'read', false],
    ['#.read', 'provd.update', false],
    ['provd.dev_mgr.devices.*.synchronize', 'provd.dev_mgr.devices.abc123.synchronize', true],
    ['provd.dev+mgr.read', 'provd.devvvmgr.read', false],
    ['provd.(a|b).read', 'provd.a.read', false],
  ])('%s grants %s: %s', (granted, required, expected) => {
    expect(aclMatches(granted, required)).toBe(expected);
  });
});

describe('hasAccess', () => {
  it('allows when any granted ACL matches', () => {
    expect(hasAccess(['confd.#', 'provd.dev_mgr.#'], 'provd.dev_mgr.devices.read')).toBe(true);
    expect(hasAccess(['confd.#'], 'provd.dev_mgr.devices.read')).toBe(false);
    expect(hasAccess([], 'provd.status.read')).toBe(false);
  });

  it('lets a negative ACL win over any positive one, wherever it stands', () => {
    expect(hasAccess(['provd.#', '!provd.pg_mgr.#'], 'provd.pg_mgr.install.create')).toBe(false);
    expect(hasAccess(['!provd.pg_mgr.#', 'provd.#'], 'provd.pg_mgr.install.create')).toBe(false);
    expect(hasAccess(['provd.#', '!provd.pg_mgr.#'], 'provd.dev_mgr.devices.read')).toBe(true);
  });
});

describe('requiredAcl', () => {
  it('substitutes the named values', () => {
    expect(
      requiredAcl('provd.configure.{tenant_uuid}.{param}.update', { tenant_uuid: 'abc-123', param: 'NAT' }),
    ).toBe('provd.configure.abc-123.NAT.update');
  });

  it('turns dots of a value into underscores, as provd, so the value stays one segment', () => {
    expect(requiredAcl('provd.pg_mgr.plugins.{plugin_id}.read', { plugin_id: 'wazo-snom-10.1' })).toBe(
      'provd.pg_mgr.plugins.wazo-snom-10_1.read',
    );
  });

  it.each<Record<string, string>>([{ param: '*' }, { param: '#' }, { param: '' }, {}])(
    'refuses a value that would change the ACL: %j',
    (values) => {
      expect(requiredAcl('provd.configure.{param}.read', values)).toBeUndefined();
    },
  );
});
