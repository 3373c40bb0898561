import { randomUUID } from 'node:crypto';
import { encodeEvent } from '../../../src/domain/events/codec.js';
import type { DomainEvent } from '../../../src/domain/events/domain-event.js';
import type { EventMetadata } from '../../../src/eventstore/envelope.js';
import type { EventStore } from '../../../src/eventstore/port.js';

export const API_METADATA: EventMetadata = {
  source: 'api',
  actor: { tokenId: 'token-1', tenantUuid: 'tenant-master', userUuid: 'user-1' },
  correlationId: 'corr-1',
  clientIp: '10.0.0.1',
};

/** Appends hand-made domain events to one stream, the way the command handler encodes them. */
export const appendEvents = async (
  store: EventStore,
  stream: string,
  events: readonly DomainEvent[],
  metadata: EventMetadata = API_METADATA,
): Promise<number> => {
  const result = await store.append(
    stream,
    events.map((event) => encodeEvent(event, metadata, randomUUID())),
    'any',
  );
  return result.position;
};

/** A (stream, event) list appended in order, one append each; resolves with the last position. */
export const appendAll = async (
  store: EventStore,
  events: readonly (readonly [stream: string, event: DomainEvent])[],
): Promise<number> => {
  let position = -1;
  for (const [stream, event] of events) position = await appendEvents(store, stream, [event]);
  return position;
};

/** An event the codec cannot read, appended straight through the store. */
export const appendRaw = async (
  store: EventStore,
  stream: string,
  type: string,
  data: unknown,
  schemaVersion = 1,
): Promise<number> => {
  const result = await store.append(
    stream,
    [{ id: randomUUID(), type, schemaVersion, data, metadata: { source: 'system' } }],
    'any',
  );
  return result.position;
};
