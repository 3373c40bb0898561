import type { EventMetadata, RecordedEvent } from '../../../eventstore/envelope.js';
import { CorruptEventError } from './errors.js';

/** An event as the local adapters keep it: data and metadata as JSON text, time in epoch ms. */
export interface StoredEvent {
  readonly position: number;
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: number;
}

const parse = (json: string, position: number, what: string): unknown => {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new CorruptEventError(position, `${what} is not valid JSON (${(error as Error).message})`);
  }
};

/**
 * Parses a stored event afresh on every read, so no two readers share (and can mutate) the same
 * objects. A row that cannot be read fails with the position, so an operator can find and repair
 * it, instead of handing the domain a half-decoded event.
 */
export const toRecordedEvent = (stored: StoredEvent): RecordedEvent => {
  const { position } = stored;
  const data = parse(stored.data, position, 'data');
  const metadata = parse(stored.metadata, position, 'metadata');
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new CorruptEventError(position, 'metadata is not a JSON object');
  }
  if (!Number.isFinite(stored.recordedAt)) {
    throw new CorruptEventError(position, `recorded time ${String(stored.recordedAt)} is not a number`);
  }
  return {
    id: stored.id,
    type: stored.type,
    schemaVersion: stored.schemaVersion,
    stream: stored.stream,
    revision: stored.revision,
    position,
    recordedAt: new Date(stored.recordedAt),
    data,
    metadata: metadata as EventMetadata,
  };
};
