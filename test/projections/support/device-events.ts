import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import type { EventStore } from '../../../src/eventstore/port.js';
import { appendEvents } from './append-events.js';

/** A valid, uninteresting event: enough to move the log forward. */
export const discovered = (deviceId: string, ip = '10.0.0.1'): DomainEvent => ({
  type: 'DeviceDiscovered',
  data: { deviceId, info: { ip }, tenantUuid: 'tenant-master', via: 'dhcp' },
});

/** Appends `count` device discoveries (d0, d1, …); resolves with the last position. */
export const appendDiscoveries = async (store: EventStore, count: number, prefix = 'd'): Promise<number> => {
  let position = -1;
  for (let i = 0; i < count; i++) {
    position = await appendEvents(store, `device-${prefix}${i}`, [
      discovered(`${prefix}${i}`, `10.0.${i >> 8}.${i & 255}`),
    ]);
  }
  return position;
};
