import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent } from '../../../src/domain/events/codec.js';
import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import { CURRENT_SCHEMA_VERSION } from '../../../src/domain/events/versions.js';
import type { EventMetadata, RecordedEvent } from '../../../src/eventstore/envelope.js';

const metadata: EventMetadata = { source: 'api', actor: { tenantUuid: 't1' }, correlationId: 'c' };
const recordedAt = new Date('2026-01-01T00:00:00Z');

const recorded = (
  type: string,
  schemaVersion: number,
  data: unknown,
  stream = 'device-x',
): RecordedEvent => ({
  id: 'e1',
  type,
  schemaVersion,
  stream,
  revision: 3,
  position: 42,
  recordedAt,
  data,
  metadata,
});

const decodeError = (event: RecordedEvent): string => {
  const result = decodeEvent(event);
  if (E.isRight(result)) throw new Error('expected a decode error');
  expect(result.left).toMatchObject({
    position: event.position,
    stream: event.stream,
    eventType: event.type,
  });
  return result.left.message;
};

const samples: DomainEvent[] = [
  {
    type: 'DeviceDiscovered',
    data: { deviceId: 'x', info: { ip: '10.0.0.1' }, tenantUuid: 'm', via: 'dhcp' },
  },
  { type: 'DeviceCreated', data: { deviceId: 'x', tenantUuid: 't', fields: { X_a: null } } },
  { type: 'DeviceInfoChanged', data: { deviceId: 'x', changes: { version: '2' }, removed: ['ip'] } },
  { type: 'PluginAssociated', data: { deviceId: 'x', plugin: null, previous: 'p', score: null } },
  { type: 'ConfigAssigned', data: { deviceId: 'x', config: null, previous: null } },
  { type: 'DeviceAssociatedToLine', data: { deviceId: 'x', config: 'c', previous: null } },
  { type: 'DeviceResetToAutoprov', data: { deviceId: 'x', config: 'c', previous: 'd' } },
  { type: 'TenantAssigned', data: { deviceId: 'x', tenantUuid: 't', previous: 'm' } },
  { type: 'DeviceUpdated', data: { deviceId: 'x', set: { description: 'd' }, unset: [] } },
  { type: 'DeviceDeleted', data: { deviceId: 'x' } },
  { type: 'SynchronizeRequested', data: { deviceId: 'x' } },
  { type: 'RemoteStateReported', data: { deviceId: 'x', sipUsername: 'u', filename: 'f', contentHash: 'h' } },
  { type: 'DeviceConfigurationChanged', data: { deviceId: 'x', configured: false, error: 'e' } },
  {
    type: 'ConfigCreated',
    data: { configId: 'c', config: { parent_ids: [], raw_config: {} }, autocreatedFrom: 'a' },
  },
  { type: 'ConfigUpdated', data: { configId: 'c', config: { parent_ids: ['b'], raw_config: { X: 1 } } } },
  { type: 'ConfigDeleted', data: { configId: 'c' } },
  { type: 'ParameterSet', data: { name: 'NAT', value: 1 } },
  { type: 'ProvisioningKeySet', data: { tenantUuid: 't', key: null } },
  { type: 'TenantSettingsRemoved', data: { tenantUuid: 't' } },
  { type: 'MasterTenantSet', data: { tenantUuid: 't' } },
  { type: 'BaseRawConfigChanged', data: { rawConfig: { ip: '1' } } },
  { type: 'PluginInstalled', data: { pluginId: 'p', info: { version: '1' } } },
  { type: 'PluginUpgraded', data: { pluginId: 'p', fromVersion: '1', info: { version: '2' } } },
  { type: 'PluginUninstalled', data: { pluginId: 'p', version: '2' } },
  { type: 'PluginPackageInstalled', data: { pluginId: 'p', packageId: 'k', version: '1', sha256: null } },
  { type: 'PluginPackageUninstalled', data: { pluginId: 'p', packageId: 'k' } },
  {
    type: 'TokenCreated',
    data: {
      tokenId: 'k',
      secretHash: 'ab'.repeat(32),
      tenantUuid: 't',
      acls: ['provd.#'],
      label: '',
      expiresAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  },
  { type: 'TokenRevoked', data: { tokenId: 'k' } },
  { type: 'TenantCreated', data: { tenantUuid: 't', parentUuid: null, name: 'master' } },
  { type: 'TenantDeleted', data: { tenantUuid: 't' } },
];

describe('encodeEvent', () => {
  it('stamps the current schema version and keeps id and metadata', () => {
    const event: DomainEvent = { type: 'DeviceDeleted', data: { deviceId: 'x' } };
    expect(encodeEvent(event, metadata, 'id-1')).toEqual({
      id: 'id-1',
      type: 'DeviceDeleted',
      schemaVersion: 1,
      data: { deviceId: 'x' },
      metadata,
    });
    const remote: DomainEvent = samples.find((e) => e.type === 'RemoteStateReported') as DomainEvent;
    expect(encodeEvent(remote, metadata, 'id-2').schemaVersion).toBe(2);
  });
});

describe('decodeEvent', () => {
  it('round-trips every event type with its place in the log', () => {
    expect(new Set(samples.map((e) => e.type))).toEqual(new Set(Object.keys(CURRENT_SCHEMA_VERSION)));
    for (const event of samples) {
      const encoded = encodeEvent(event, metadata, 'e1');
      const decoded = decodeEvent(recorded(encoded.type, encoded.schemaVersion, encoded.data));
      expect(decoded).toEqual(
        E.right({ ...event, id: 'e1', stream: 'device-x', revision: 3, position: 42, recordedAt, metadata }),
      );
    }
  });

  it('rejects an unknown type, naming position, stream and type', () => {
    expect(decodeError(recorded('Foo', 1, {}))).toBe(
      'cannot decode event at position 42 (stream device-x, type Foo v1): unknown event type',
    );
  });

  it('rejects a schema version newer than known', () => {
    expect(decodeError(recorded('DeviceDeleted', 2, { deviceId: 'x' }))).toBe(
      'cannot decode event at position 42 (stream device-x, type DeviceDeleted v2): schema version is newer than the newest known (v1)',
    );
  });

  it('rejects a nonsensical schema version', () => {
    expect(decodeError(recorded('DeviceDeleted', 0, { deviceId: 'x' }))).toMatch(/invalid schema version$/);
    expect(decodeError(recorded('DeviceDeleted', 1.5, { deviceId: 'x' }))).toMatch(/invalid schema version$/);
  });

  it('reports corrupt data instead of folding it', () => {
    expect(decodeError(recorded('DeviceDeleted', 1, { deviceId: '' }))).toBe(
      'cannot decode event at position 42 (stream device-x, type DeviceDeleted v1): invalid data: data.deviceId must be a non-empty string',
    );
    expect(decodeError(recorded('DeviceDeleted', 1, null))).toMatch(/invalid data: data must be an object$/);
    expect(decodeError(recorded('DeviceCreated', 1, { deviceId: 'x', tenantUuid: 't', fields: [] }))).toMatch(
      /data\.fields must be an object$/,
    );
    expect(
      decodeError(
        recorded('DeviceDiscovered', 1, { deviceId: 'x', info: { ip: 1 }, tenantUuid: 't', via: 'dhcp' }),
      ),
    ).toMatch(/data\.info\.ip must be a string$/);
    expect(
      decodeError(
        recorded('DeviceDiscovered', 1, { deviceId: 'x', info: {}, tenantUuid: 't', via: 'carrier-pigeon' }),
      ),
    ).toMatch(/data\.via must be one of phone-http, phone-tftp, dhcp$/);
    expect(
      decodeError(
        recorded('ConfigCreated', 1, {
          configId: 'c',
          config: { parent_ids: [1], raw_config: {} },
          autocreatedFrom: null,
        }),
      ),
    ).toMatch(/data\.config\.parent_ids\[0\] must be a string$/);
    expect(decodeError(recorded('ParameterSet', 1, { name: 'colour', value: 'red' }))).toMatch(
      /data\.name must be one of/,
    );
  });

  it('upcasts RemoteStateReported v1 (wazo-provd import) to v2', () => {
    const v1 = recorded('RemoteStateReported', 1, { deviceId: 'x', sipUsername: 'foobar' });
    expect(decodeEvent(v1)).toEqual(
      E.right({
        type: 'RemoteStateReported',
        data: { deviceId: 'x', sipUsername: 'foobar', filename: null, contentHash: null },
        id: 'e1',
        stream: 'device-x',
        revision: 3,
        position: 42,
        recordedAt,
        metadata,
      }),
    );
  });

  it('still checks the shape after upcasting', () => {
    expect(decodeError(recorded('RemoteStateReported', 1, { deviceId: 'x' }))).toMatch(
      /type RemoteStateReported v1\): invalid data: data\.sipUsername must be a string$/,
    );
    expect(decodeError(recorded('RemoteStateReported', 1, 'junk'))).toMatch(/data must be an object$/);
  });

  it('does not modify the recorded data while upcasting', () => {
    const data = { deviceId: 'x', sipUsername: null };
    decodeEvent(recorded('RemoteStateReported', 1, data));
    expect(data).toEqual({ deviceId: 'x', sipUsername: null });
  });
});
