/** The rules shared by every synchronizer, the disabled one and the factory. */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiSynchronizer } from '../../src/adapters/sip-notify/ami/ami-synchronizer.js';
import { createSynchronizer } from '../../src/adapters/sip-notify/create-synchronizer.js';
import { DirectSipNotifySynchronizer } from '../../src/adapters/sip-notify/direct/direct-synchronizer.js';
import { DisabledSynchronizer } from '../../src/application/sync/disabled-synchronizer.js';
import type { Synchronizer } from '../../src/application/sync/synchronizer.js';
import { SyncError } from '../../src/application/sync/synchronizer.js';
import { isAutoprovUsername, syncTargetOf, usableSipUsername } from '../../src/application/sync/target.js';
import type { DeviceDocument } from '../../src/domain/device/document.js';
import type { SyncPlan } from '../../src/plugin-runtime/contract.js';

const made: Synchronizer[] = [];
afterEach(async () => {
  for (const s of made.splice(0)) await s.close();
});
const keep = <S extends Synchronizer>(s: S): S => {
  made.push(s);
  return s;
};

describe('autoprov usernames', () => {
  it.each([
    ['ap12345678', true],
    ['apAbCdEfGh', true],
    ['ap1234567', false],
    ['ap123456789', false],
    ['AP12345678', false],
    ['xap2345678', false],
    ['alice', false],
  ])('%s → %s', (name, expected) => {
    expect(isAutoprovUsername(name)).toBe(expected);
  });

  it('are never used as an endpoint', () => {
    expect(usableSipUsername({ deviceId: 'd', sipUsername: 'ap12345678' })).toBeUndefined();
    expect(usableSipUsername({ deviceId: 'd', sipUsername: '' })).toBeUndefined();
    expect(usableSipUsername({ deviceId: 'd', sipUsername: 'x7kq2mzp' })).toBe('x7kq2mzp');
  });
});

it('a device document gives its id, IP and remote-state username', () => {
  const device = {
    id: 'abc',
    tenant_uuid: 't',
    is_new: false,
    configured: true,
    ip: '10.0.0.9',
    remote_state_sip_username: 'x7kq2mzp',
  } satisfies DeviceDocument;
  expect(syncTargetOf(device)).toEqual({ deviceId: 'abc', ip: '10.0.0.9', sipUsername: 'x7kq2mzp' });
  expect(syncTargetOf({ id: 'n', tenant_uuid: 't', is_new: true, configured: false })).toEqual({
    deviceId: 'n',
  });
});

describe('every synchronizer', () => {
  const all = (): [string, Synchronizer][] => [
    ['direct', keep(new DirectSipNotifySynchronizer({ localAddress: '127.0.0.1' }))],
    ['ami', keep(new AmiSynchronizer({ amidUrl: 'http://127.0.0.1:9', token: async () => 't' }))],
    ['disabled', keep(new DisabledSynchronizer())],
  ];

  it("rejects an unsupported plan with its reason, or provd's default", async () => {
    for (const [, s] of all()) {
      await expect(
        s.synchronize({ deviceId: 'd', ip: '127.0.0.1' }, { kind: 'unsupported', reason: 'no way' }),
      ).rejects.toThrow(new SyncError('no way'));
      await expect(
        s.synchronize({ deviceId: 'd', ip: '127.0.0.1' }, { kind: 'unsupported', reason: '' }),
      ).rejects.toThrow(new SyncError('Re-synchronization is not supported'));
    }
  });

  it("rejects a device without IP nor usable username with provd's words", async () => {
    const plan: SyncPlan = { kind: 'sip-notify', event: 'check-sync' };
    for (const [, s] of all().slice(0, 2)) {
      for (const target of [{ deviceId: 'dev9' }, { deviceId: 'dev9', sipUsername: 'ap12345678' }]) {
        await expect(s.synchronize(target, plan)).rejects.toThrow(
          new SyncError('not enough information to synchronize device dev9'),
        );
      }
    }
  });

  it('direct mode cannot use a username: without IP there is nothing to send to', async () => {
    const s = keep(new DirectSipNotifySynchronizer({ localAddress: '127.0.0.1' }));
    await expect(
      s.synchronize(
        { deviceId: 'dev9', sipUsername: 'x7kq2mzp' },
        { kind: 'sip-notify', event: 'check-sync' },
      ),
    ).rejects.toThrow('not enough information to synchronize device dev9');
    await expect(
      s.synchronize({ deviceId: 'dev9', ip: 'fe80::1' }, { kind: 'sip-notify', event: 'check-sync' }),
    ).rejects.toThrow('bad IPv4 address "fe80::1"');
    expect(s.localAddress).toBeUndefined(); // nothing was bound for requests that could not go out
  });
});

describe('the disabled synchronizer', () => {
  it('says synchronization is off', async () => {
    await expect(
      new DisabledSynchronizer().synchronize(
        { deviceId: 'd', ip: '10.0.0.1' },
        { kind: 'sip-notify', event: 'x' },
      ),
    ).rejects.toThrow(
      'cannot synchronize device d: synchronization is disabled on this server (sync mode none)',
    );
  });
});

describe('createSynchronizer', () => {
  it('makes the synchronizer of each mode', () => {
    expect(keep(createSynchronizer({ mode: 'none' }))).toBeInstanceOf(DisabledSynchronizer);
    expect(keep(createSynchronizer({ mode: 'sip-notify', sipPort: 5070 }))).toBeInstanceOf(
      DirectSipNotifySynchronizer,
    );
    expect(
      keep(createSynchronizer({ mode: 'ami', amidUrl: 'http://localhost:9491', token: async () => 't' })),
    ).toBeInstanceOf(AmiSynchronizer);
  });

  it('refuses incomplete or wrong settings at once', () => {
    expect(() => createSynchronizer({ mode: 'ami', token: async () => 't' })).toThrow('PROVD_AMID_URL');
    expect(() => createSynchronizer({ mode: 'ami', amidUrl: 'http://localhost:9491' })).toThrow('token');
    expect(() => createSynchronizer({ mode: 'ami', amidUrl: 'ftp://x', token: async () => 't' })).toThrow(
      'http',
    );
    expect(() => createSynchronizer({ mode: 'ami', amidUrl: 'not a url', token: async () => 't' })).toThrow();
    expect(() => createSynchronizer({ mode: 'sip-notify', sipPort: 70_000 })).toThrow('invalid SIP port');
    expect(() => createSynchronizer({ mode: 'sip-notify', localAddress: 'eth0' })).toThrow('IPv4');
    expect(() => createSynchronizer({ mode: 'sip-notify', timers: { t2: -1 } })).toThrow('t2');
    expect(() => createSynchronizer({ mode: 'bogus' as 'none' })).toThrow(
      'unknown synchronization mode bogus',
    );
  });
});
