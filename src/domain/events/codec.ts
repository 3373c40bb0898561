import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../eventstore/envelope.js';
import type { DomainEvent, StoredDomainEvent } from './domain-event.js';
import { dataProblem } from './shape-checks.js';
import { UPCASTERS } from './upcasters.js';
import { CURRENT_SCHEMA_VERSION, isDomainEventType } from './versions.js';

export interface DecodeError {
  readonly position: number;
  readonly stream: string;
  readonly eventType: string;
  /** Names the position, stream, type and version, so a log line alone locates the event. */
  readonly message: string;
}

/** The envelope for appending a domain event, stamped with its type's current schema version. */
export const encodeEvent = (event: DomainEvent, metadata: EventMetadata, id: string): NewEvent => ({
  id,
  type: event.type,
  schemaVersion: CURRENT_SCHEMA_VERSION[event.type],
  data: event.data,
  metadata,
});

/**
 * Reads a recorded event back as a domain event: known type, a version we can upcast from, and
 * data of the right shape once upcast. Anything else is an error value, never a silently wrong
 * event.
 */
export const decodeEvent = (recorded: RecordedEvent): E.Either<DecodeError, StoredDomainEvent> => {
  const { type, schemaVersion } = recorded;
  if (!isDomainEventType(type)) return failure(recorded, 'unknown event type');
  const current = CURRENT_SCHEMA_VERSION[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
    return failure(recorded, 'invalid schema version');
  if (schemaVersion > current) {
    return failure(recorded, `schema version is newer than the newest known (v${current})`);
  }
  let data = recorded.data;
  for (let version = schemaVersion; version < current; version++) {
    const upcast = UPCASTERS[type]?.[version];
    if (upcast === undefined) return failure(recorded, `no upcaster from v${version} to v${version + 1}`);
    data = upcast(data);
  }
  const problem = dataProblem(type, data);
  if (problem !== undefined) return failure(recorded, `invalid data: ${problem}`);
  const { id, stream, revision, position, recordedAt, metadata } = recorded;
  return E.right({ type, data, id, stream, revision, position, recordedAt, metadata } as StoredDomainEvent);
};

// Module-level rather than a closure in decodeEvent: decoding runs once per event of a rebuild,
// and a closure per call is measurable there.
const failure = (recorded: RecordedEvent, reason: string): E.Either<DecodeError, never> => {
  const { position, stream, type, schemaVersion } = recorded;
  return E.left({
    position,
    stream,
    eventType: type,
    message: `cannot decode event at position ${position} (stream ${stream}, type ${type} v${schemaVersion}): ${reason}`,
  });
};
