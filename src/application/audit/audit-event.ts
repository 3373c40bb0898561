import type { JsonValue } from '../../domain/shared/json.js';
import type { RecordedEvent } from '../../eventstore/envelope.js';
import type { Change } from './json-diff.js';
import { maskEventData } from './secrets.js';

/** Who made a change, in the REST API's snake_case. */
export interface AuditActor {
  readonly token_id?: string;
  readonly tenant_uuid?: string;
  readonly user_uuid?: string;
}

/**
 * One event of the log as auditors get it, over REST and in `provd events export`: the whole
 * envelope, its data as recorded (at its recorded schema version), secrets masked unless the
 * reader may and asked to see them. `changes` comes with a device's timeline only.
 */
export interface AuditEvent {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly schema_version: number;
  /** ISO 8601, UTC, millisecond precision. */
  readonly recorded_at: string;
  readonly source: string;
  readonly actor: AuditActor | null;
  readonly client_ip: string | null;
  readonly correlation_id: string | null;
  readonly data: JsonValue;
  readonly changes?: readonly Change[];
}

const actorOf = (recorded: RecordedEvent): AuditActor | null => {
  const actor = recorded.metadata.actor;
  if (actor === undefined) return null;
  return {
    ...(actor.tokenId === undefined ? {} : { token_id: actor.tokenId }),
    ...(actor.tenantUuid === undefined ? {} : { tenant_uuid: actor.tenantUuid }),
    ...(actor.userUuid === undefined ? {} : { user_uuid: actor.userUuid }),
  };
};

export const toAuditEvent = (
  recorded: RecordedEvent,
  revealSecrets: boolean,
  changes?: readonly Change[],
): AuditEvent => {
  const data = (recorded.data ?? null) as JsonValue;
  return {
    position: recorded.position,
    stream: recorded.stream,
    revision: recorded.revision,
    type: recorded.type,
    schema_version: recorded.schemaVersion,
    recorded_at: recorded.recordedAt.toISOString(),
    source: recorded.metadata.source,
    actor: actorOf(recorded),
    client_ip: recorded.metadata.clientIp ?? null,
    correlation_id: recorded.metadata.correlationId ?? null,
    data: revealSecrets ? data : maskEventData(recorded.type, data),
    ...(changes === undefined ? {} : { changes }),
  };
};
