import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import { isDeviceEvent } from '../event-kinds.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/**
 * Every change of every device with who made it and from where: the audit trail behind the
 * history endpoint. Entries outlive the device so a deleted phone's past stays inspectable.
 */
export const deviceHistoryProjection: Projection = {
  name: 'device_history',
  version: 1,
  setup(db: ReadModelDb): void {
    db.exec(`CREATE TABLE IF NOT EXISTS device_history (
      device_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      position INTEGER NOT NULL,
      type TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      source TEXT NOT NULL,
      actor TEXT,
      client_ip TEXT,
      correlation_id TEXT,
      data TEXT NOT NULL,
      PRIMARY KEY (device_id, revision)
    )`);
  },
  reset(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS device_history');
  },
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    if (!isDeviceEvent(event)) return;
    const { metadata } = event;
    prepared(
      db,
      `INSERT INTO device_history
         (device_id, revision, position, type, recorded_at, source, actor, client_ip, correlation_id, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      event.data.deviceId,
      event.revision,
      event.position,
      event.type,
      event.recordedAt.toISOString(),
      metadata.source,
      metadata.actor === undefined ? null : JSON.stringify(metadata.actor),
      metadata.clientIp ?? null,
      metadata.correlationId ?? null,
      JSON.stringify(event.data),
    );
  },
};
