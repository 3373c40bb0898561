import { join } from 'node:path';
import { SqliteEventStore } from '../../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { encodeEvent } from '../../../src/domain/events/codec.js';
import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import { deviceStream } from '../../../src/domain/streams.js';
import { newEventId } from '../../../src/eventstore/event-id.js';
import { seedDataDir } from '../../cli/support/run-provd.js';

export const SEED_MASTER = 'c0ffee00-0000-4000-8000-00000000cafe';

/**
 * A data dir whose log holds `devices` phones of five events each, written straight into the
 * store (far faster than through the API): enough for a rebuild that lasts a few seconds.
 */
export const seedLog = async (dataDir: string, devices: number): Promise<number> => {
  await seedDataDir(dataDir, SEED_MASTER);
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db'), durability: 'normal' });
  try {
    for (let i = 0; i < devices; i++) {
      const deviceId = `seed${i.toString(16).padStart(6, '0')}`;
      const mac = [0x00, 0x15, 0x65, 0xc0, (i >> 8) & 255, i & 255]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(':');
      const events: DomainEvent[] = [
        {
          type: 'DeviceDiscovered',
          data: {
            deviceId,
            info: { mac, ip: `10.1.${(i >> 8) & 255}.${i & 255}` },
            tenantUuid: SEED_MASTER,
            via: 'phone-http',
          },
        },
        {
          type: 'DeviceInfoChanged',
          data: { deviceId, changes: { vendor: 'Yealink', model: 'T46S' }, removed: [] },
        },
        { type: 'DeviceInfoChanged', data: { deviceId, changes: { version: '66.86.0.15' }, removed: [] } },
        { type: 'DeviceUpdated', data: { deviceId, set: { description: `desk ${i}` }, unset: [] } },
        {
          type: 'DeviceInfoChanged',
          data: { deviceId, changes: { ip: `10.2.${(i >> 8) & 255}.${i & 255}` }, removed: [] },
        },
      ];
      const metadata = { source: 'phone-http' as const, clientIp: '10.0.0.1' };
      await store.append(
        deviceStream(deviceId),
        events.map((event) => encodeEvent(event, metadata, newEventId())),
        'no_stream',
      );
    }
    return await store.headPosition();
  } finally {
    await store.close();
  }
};
