import { describe, it } from 'vitest';
import { deviceDecider } from '../../../src/domain/device/decider.js';
import type { DeviceEvent } from '../../../src/domain/device/events.js';
import { spec } from '../../support/decider-spec.js';
import { configured, discovered, ID } from './fixtures.js';

const device = spec(deviceDecider);

const known = discovered({ ip: '10.0.0.2', mac: '00:11:22:33:44:55', version: '1.0' });

describe('UpdateDeviceInfo', () => {
  it('records only the keys that changed', () => {
    device
      .given([known])
      .when({
        type: 'UpdateDeviceInfo',
        deviceId: ID,
        info: { ip: '10.0.0.2', version: '1.1', vendor: 'Yealink' },
      })
      .then([
        {
          type: 'DeviceInfoChanged',
          data: { deviceId: ID, changes: { version: '1.1', vendor: 'Yealink' }, removed: [] },
        },
      ]);
  });

  it('records nothing when nothing changed', () => {
    device
      .given([known])
      .when({ type: 'UpdateDeviceInfo', deviceId: ID, info: { ip: '10.0.0.2', mac: '00:11:22:33:44:55' } })
      .thenNothing();
  });

  it('removes keys the device has (outdated IP), ignoring the others', () => {
    device
      .given([known])
      .when({ type: 'UpdateDeviceInfo', deviceId: ID, info: {}, removed: ['ip', 'sn'] })
      .then([{ type: 'DeviceInfoChanged', data: { deviceId: ID, changes: {}, removed: ['ip'] } }]);
  });

  it('validates the info', () => {
    device
      .given([known])
      .when({ type: 'UpdateDeviceInfo', deviceId: ID, info: { ip: '999.0.0.1' } })
      .thenFails('validation', 'Non-normalized IP address 999.0.0.1');
  });

  it('reports an unknown device as not found', () => {
    device
      .given([])
      .when({ type: 'UpdateDeviceInfo', deviceId: ID, info: { ip: '10.0.0.3' } })
      .thenFails('not_found');
  });
});

describe('AssociatePlugin', () => {
  it('records the association and its score', () => {
    device
      .given([known])
      .when({ type: 'AssociatePlugin', deviceId: ID, plugin: 'xivo-yealink-v85', score: 600 })
      .then([
        {
          type: 'PluginAssociated',
          data: { deviceId: ID, plugin: 'xivo-yealink-v85', previous: null, score: 600 },
        },
      ]);
  });

  it('records nothing for the current plugin', () => {
    const associated: DeviceEvent = {
      type: 'PluginAssociated',
      data: { deviceId: ID, plugin: 'p', previous: null, score: 500 },
    };
    device
      .given([known, associated])
      .when({ type: 'AssociatePlugin', deviceId: ID, plugin: 'p', score: 600 })
      .thenNothing();
  });
});

describe('AssignConfig', () => {
  const assign = (config: string | null, kind: 'autoprov' | 'line' | 'other' | null, previousKind = kind) =>
    ({ type: 'AssignConfig', deviceId: ID, config, kind, previousKind }) as const;

  it('records the first autoprov config as ConfigAssigned', () => {
    device
      .given([known])
      .when(assign('autoprov1', 'autoprov', null))
      .then([{ type: 'ConfigAssigned', data: { deviceId: ID, config: 'autoprov1', previous: null } }]);
  });

  it('records autoprov → line as DeviceAssociatedToLine', () => {
    device
      .given([known, { type: 'ConfigAssigned', data: { deviceId: ID, config: 'autoprov1', previous: null } }])
      .when(assign('dev1', 'line', 'autoprov'))
      .then([
        { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: 'autoprov1' } },
      ]);
  });

  it('records line → autoprov as DeviceResetToAutoprov', () => {
    device
      .given([
        known,
        { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: null } },
      ])
      .when(assign('autoprov2', 'autoprov', 'line'))
      .then([
        { type: 'DeviceResetToAutoprov', data: { deviceId: ID, config: 'autoprov2', previous: 'dev1' } },
      ]);
  });

  it('records other moves as ConfigAssigned', () => {
    device
      .given([
        known,
        { type: 'DeviceAssociatedToLine', data: { deviceId: ID, config: 'dev1', previous: null } },
      ])
      .when(assign('custom', 'other', 'line'))
      .then([{ type: 'ConfigAssigned', data: { deviceId: ID, config: 'custom', previous: 'dev1' } }]);
  });

  it('records nothing for the current config, and nothing when removing an absent one', () => {
    device
      .given([known, { type: 'ConfigAssigned', data: { deviceId: ID, config: 'c', previous: null } }])
      .when(assign('c', 'other'))
      .thenNothing();
    device.given([known]).when(assign(null, null)).thenNothing();
  });
});

describe('ReportRemoteState', () => {
  const report = (sipUsername: string | null, contentHash: string | null, filename = '001122334455.cfg') =>
    ({ type: 'ReportRemoteState', deviceId: ID, sipUsername, filename, contentHash }) as const;
  const reported = (sipUsername: string | null, contentHash: string | null, filename = '001122334455.cfg') =>
    ({ type: 'RemoteStateReported', data: { deviceId: ID, sipUsername, filename, contentHash } }) as const;

  it('records the first report', () => {
    device
      .given([known])
      .when(report('foobar', 'h1'))
      .then([reported('foobar', 'h1')]);
  });

  it('records a new hash or a new username', () => {
    device
      .given([known, reported('foobar', 'h1')])
      .when(report('foobar', 'h2'))
      .then([reported('foobar', 'h2')]);
    device
      .given([known, reported('foobar', 'h1')])
      .when(report('other', 'h1'))
      .then([reported('other', 'h1')]);
  });

  it('records nothing when the phone fetched the same content again', () => {
    device
      .given([known, reported('foobar', 'h1')])
      .when(report('foobar', 'h1'))
      .thenNothing();
  });
});

describe('RecordConfiguration', () => {
  const record = (value: boolean, error: string | null = null) =>
    ({ type: 'RecordConfiguration', deviceId: ID, configured: value, error }) as const;

  it('records a change of outcome', () => {
    device
      .given([known])
      .when(record(true))
      .then([configured(true)]);
    device
      .given([known, configured(true)])
      .when(record(false, 'no mac'))
      .then([configured(false, 'no mac')]);
  });

  it('records a new error message', () => {
    device
      .given([known, configured(false, 'a')])
      .when(record(false, 'b'))
      .then([configured(false, 'b')]);
  });

  it('records nothing when unchanged', () => {
    device.given([known]).when(record(false)).thenNothing();
    device
      .given([known, configured(true)])
      .when(record(true))
      .thenNothing();
  });
});
