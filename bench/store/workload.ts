import { randomUUID } from 'node:crypto';
import { encodeEvent } from '../../src/domain/events/codec.js';
import type { DomainEvent } from '../../src/domain/events/domain-event.js';
import { deviceStream } from '../../src/domain/streams.js';
import type { EventMetadata, NewEvent } from '../../src/eventstore/envelope.js';
import { newEventId } from '../../src/eventstore/event-id.js';

export const MASTER_TENANT = '00000000-0000-4000-8000-000000000001';
export const EVENTS_PER_DEVICE = 10;

const phone = (i: number): EventMetadata => ({
  source: 'phone-http',
  clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  correlationId: randomUUID(),
});

const mac = (i: number): string =>
  [0x00, 0x15, 0x65, (i >> 16) & 255, (i >> 8) & 255, i & 255]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');

/**
 * The life of one phone as a busy site would log it: discovered, identified, associated with a
 * plugin and an autoprov config, re-addressed by DHCP, upgraded, assigned to a tenant and a
 * line, and fetching its files. Ten events, the mix a rebuild really folds.
 */
export const deviceLife = (i: number): { stream: string; events: NewEvent[] } => {
  const deviceId = `dev${i.toString(16).padStart(8, '0')}`;
  const ip = (n: number) => `10.${n}.${(i >> 8) & 255}.${i & 255}`;
  const tenant = `tenant-${i % 50}`;
  const events: DomainEvent[] = [
    {
      type: 'DeviceDiscovered',
      data: { deviceId, info: { mac: mac(i), ip: ip(1) }, tenantUuid: MASTER_TENANT, via: 'phone-http' },
    },
    {
      type: 'DeviceInfoChanged',
      data: { deviceId, changes: { vendor: 'Yealink', model: 'T46S', version: '66.86.0.15' }, removed: [] },
    },
    { type: 'PluginAssociated', data: { deviceId, plugin: 'yealink-v86', previous: null, score: 500 } },
    { type: 'ConfigAssigned', data: { deviceId, config: `autoprov${deviceId}`, previous: null } },
    { type: 'DeviceConfigurationChanged', data: { deviceId, configured: true, error: null } },
    { type: 'DeviceInfoChanged', data: { deviceId, changes: { ip: ip(2) }, removed: [] } },
    { type: 'TenantAssigned', data: { deviceId, tenantUuid: tenant, previous: MASTER_TENANT } },
    { type: 'DeviceAssociatedToLine', data: { deviceId, config: deviceId, previous: `autoprov${deviceId}` } },
    {
      type: 'DeviceUpdated',
      data: { deviceId, set: { description: `Desk ${i}`, options: { switchboard: false } }, unset: [] },
    },
    {
      type: 'RemoteStateReported',
      data: {
        deviceId,
        sipUsername: `u${i}`,
        filename: `${mac(i).replaceAll(':', '')}.cfg`,
        contentHash: 'ab'.repeat(32),
      },
    },
  ];
  const metadata = phone(i);
  return {
    stream: deviceStream(deviceId),
    events: events.map((e) => encodeEvent(e, metadata, newEventId())),
  };
};

/** A small event for raw append throughput. */
export const smallEvent = (i: number): NewEvent =>
  encodeEvent(
    {
      type: 'DeviceInfoChanged',
      data: { deviceId: `d${i}`, changes: { ip: `10.0.0.${i & 255}` }, removed: [] },
    },
    { source: 'phone-http', clientIp: '10.0.0.1' },
    newEventId(),
  );
