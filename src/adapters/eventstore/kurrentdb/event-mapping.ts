import { type EventData, type JSONType, jsonEvent, type Position } from '@kurrent/kurrentdb-client';
import type { NewEvent, RecordedEvent } from '../../../eventstore/envelope.js';
import { CorruptEventError } from '../common/errors.js';
import { fromKurrentMetadata, toKurrentMetadata } from './event-metadata.js';
import { toGlobalPosition, toRevisionNumber } from './positions.js';

/**
 * The fields of a KurrentDB recorded event this adapter reads. The client's own type is a
 * conditional type over JSON and binary events; naming only what is used keeps the mapping
 * testable with plain objects.
 */
export interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly created: Date;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position | undefined;
}

/**
 * KurrentDB's own events ($metadata, $scavenges, stats, projection state, links) live in `$`
 * streams or have `$` types; provd never writes such names (the input checks refuse `$` streams).
 */
export const isSystemEvent = (record: Pick<KurrentRecord, 'streamId' | 'type'>): boolean =>
  record.streamId.startsWith('$') || record.type.startsWith('$');

/** Our event id becomes KurrentDB's event id, which is what lets the server spot a retried append. */
export const toEventData = (event: NewEvent): EventData =>
  jsonEvent({
    id: event.id,
    type: event.type,
    // The client serialises data with JSON.stringify; the input checks have already proved it can.
    data: event.data as JSONType,
    metadata: toKurrentMetadata(event.schemaVersion, event.metadata),
  });

/**
 * Turns a KurrentDB event into the port's. `fallbackPosition` is the commit position the server
 * sends beside the event, for the reads where the event itself carries none. Our recorded time
 * is the server's `created` timestamp: the server, not provd, stamps KurrentDB events.
 */
export const toRecordedEvent = (record: KurrentRecord, fallbackPosition?: bigint): RecordedEvent => {
  const commit = record.position?.commit ?? fallbackPosition;
  if (commit === undefined) {
    // Servers before EventStoreDB 22.6 leave positions out of stream reads.
    throw new Error(
      `KurrentDB sent event ${record.id} of ${record.streamId} without a position; provd needs EventStoreDB 22.6 or later`,
    );
  }
  const position = toGlobalPosition(commit);
  if (!record.isJson) throw new CorruptEventError(position, 'data is not JSON (binary event)');
  const metadata = fromKurrentMetadata(record.metadata);
  if (!metadata.ok) throw new CorruptEventError(position, metadata.reason);
  return {
    id: record.id,
    type: record.type,
    schemaVersion: metadata.schemaVersion,
    stream: record.streamId,
    revision: toRevisionNumber(record.revision),
    position,
    recordedAt: record.created,
    data: record.data,
    metadata: metadata.metadata,
  };
};
