import {
  type Actor,
  EVENT_SOURCES,
  type EventMetadata,
  type EventSource,
} from '../../../eventstore/envelope.js';

/**
 * What provd stores in a KurrentDB event's metadata: the port's metadata plus the schema version,
 * which KurrentDB has no field for. Correlation and causation ids are written twice: under our
 * names, which we read back, and under `$correlationId` / `$causationId`, the names KurrentDB's
 * own tooling (the $by_correlation_id projection, the UI) understands.
 */
export type KurrentEventMetadata = {
  readonly schemaVersion: number;
  readonly source: EventSource;
  readonly actor?: Actor;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly clientIp?: string;
  readonly $correlationId?: string;
  readonly $causationId?: string;
};

export const toKurrentMetadata = (schemaVersion: number, metadata: EventMetadata): KurrentEventMetadata => {
  const { source, actor, correlationId, causationId, clientIp } = metadata;
  // Absent fields are left out, not written as null, so reading back gives the same object.
  return {
    schemaVersion,
    source,
    ...(actor !== undefined && { actor }),
    ...(correlationId !== undefined && { correlationId, $correlationId: correlationId }),
    ...(causationId !== undefined && { causationId, $causationId: causationId }),
    ...(clientIp !== undefined && { clientIp }),
  };
};

export type MetadataResult =
  | { readonly ok: true; readonly schemaVersion: number; readonly metadata: EventMetadata }
  | { readonly ok: false; readonly reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const toActor = (value: unknown): Actor | undefined => {
  if (!isRecord(value)) return undefined;
  const tokenId = optionalString(value.tokenId);
  const tenantUuid = optionalString(value.tenantUuid);
  const userUuid = optionalString(value.userUuid);
  return {
    ...(tokenId !== undefined && { tokenId }),
    ...(tenantUuid !== undefined && { tenantUuid }),
    ...(userUuid !== undefined && { userUuid }),
  };
};

/**
 * Reads back what {@link toKurrentMetadata} wrote. The schema version and source are required:
 * without them the domain codec cannot decode the event, so such an event is reported rather
 * than guessed at. The `$` names are a fallback for events another tool wrote.
 */
export const fromKurrentMetadata = (raw: unknown): MetadataResult => {
  if (!isRecord(raw)) return { ok: false, reason: 'metadata is not a JSON object' };
  const { schemaVersion, source } = raw;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    return {
      ok: false,
      reason: `metadata.schemaVersion is not a positive integer: ${String(schemaVersion)}`,
    };
  }
  if (!EVENT_SOURCES.includes(source as EventSource)) {
    return { ok: false, reason: `metadata.source is not a known source: ${String(source)}` };
  }
  const actor = toActor(raw.actor);
  const correlationId = optionalString(raw.correlationId) ?? optionalString(raw.$correlationId);
  const causationId = optionalString(raw.causationId) ?? optionalString(raw.$causationId);
  const clientIp = optionalString(raw.clientIp);
  const metadata: EventMetadata = {
    source: source as EventSource,
    ...(actor !== undefined && { actor }),
    ...(correlationId !== undefined && { correlationId }),
    ...(causationId !== undefined && { causationId }),
    ...(clientIp !== undefined && { clientIp }),
  };
  return { ok: true, schemaVersion, metadata };
};
