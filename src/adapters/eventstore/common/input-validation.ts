import { EVENT_SOURCES, type EventSource, type NewEvent } from '../../../eventstore/envelope.js';
import type { ExpectedRevision, ReadAllOptions, ReadStreamOptions } from '../../../eventstore/port.js';
import { InvalidEventStoreInputError } from './errors.js';

/**
 * Checks on what callers hand to a store. They run before any I/O so a bad call fails with a
 * message that says what was wrong instead of a database error (or, worse, a stored bad event).
 * The rules are those KurrentDB imposes too, so data written locally can move there unchanged.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function fail(message: string): never {
  throw new InvalidEventStoreInputError(message);
}

const isNonNegativeInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function assertStreamName(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || stream.length === 0) fail('stream name must be a non-empty string');
  // KurrentDB reserves `$` streams for itself; refusing them here keeps stores interchangeable.
  if (stream.startsWith('$')) fail(`stream name ${JSON.stringify(stream)} is reserved: it starts with "$"`);
  if (CONTROL_CHARACTER.test(stream)) {
    fail(`stream name ${JSON.stringify(stream)} contains a control character`);
  }
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (!isNonNegativeInteger(expected)) {
    fail(
      `expected revision must be 'no_stream', 'stream_exists', 'any' or a non-negative integer, got ${String(expected)}`,
    );
  }
}

/** An event ready to be stored: its data and metadata already turned into JSON text. */
export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: string;
}

const toJson = (value: unknown, what: string): string => {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    fail(`${what} is not serialisable to JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  // JSON.stringify returns undefined for undefined, functions and symbols: nothing to store.
  if (json === undefined) fail(`${what} is not a JSON value`);
  return json;
};

const serializeEvent = (event: NewEvent, index: number): SerializedEvent => {
  const where = `event #${index}`;
  if (typeof event !== 'object' || event === null) fail(`${where} is not an object`);
  const { id, type, schemaVersion, metadata } = event;
  if (typeof id !== 'string' || !UUID.test(id)) fail(`${where}: id must be a uuid, got ${String(id)}`);
  if (typeof type !== 'string' || type.length === 0) fail(`${where}: type must be a non-empty string`);
  if (!isNonNegativeInteger(schemaVersion) || schemaVersion < 1) {
    fail(`${where}: schemaVersion must be a positive integer, got ${String(schemaVersion)}`);
  }
  if (typeof metadata !== 'object' || metadata === null) fail(`${where}: metadata must be an object`);
  if (!EVENT_SOURCES.includes(metadata.source as EventSource)) {
    fail(
      `${where}: metadata.source must be one of ${EVENT_SOURCES.join(', ')}, got ${String(metadata.source)}`,
    );
  }
  return {
    id,
    type,
    schemaVersion,
    data: toJson(event.data, `${where} data`),
    metadata: toJson(metadata, `${where} metadata`),
  };
};

/** Validates a batch and serialises it; also refuses an id repeated within the batch. */
export const serializeNewEvents = (events: unknown): SerializedEvent[] => {
  if (!Array.isArray(events)) fail('events must be an array');
  const serialized = (events as unknown[]).map((event, index) => serializeEvent(event as NewEvent, index));
  const ids = new Set<string>();
  for (const { id } of serialized) {
    if (ids.has(id)) fail(`event id ${id} appears twice in the same append`);
    ids.add(id);
  }
  return serialized;
};

/** Normalised readStream options: an inclusive revision range and an optional time limit in ms. */
export interface StreamRange {
  readonly fromRevision: number;
  readonly toRevision: number;
  readonly untilMs: number | undefined;
}

export const toStreamRange = (options: ReadStreamOptions | undefined): StreamRange => {
  const { fromRevision = 0, toRevision = Number.MAX_SAFE_INTEGER, until } = options ?? {};
  if (!isNonNegativeInteger(fromRevision)) fail(`fromRevision must be a non-negative integer`);
  if (!isNonNegativeInteger(toRevision)) fail(`toRevision must be a non-negative integer`);
  if (until !== undefined && !(until instanceof Date && Number.isFinite(until.getTime()))) {
    fail('until must be a valid Date');
  }
  return { fromRevision, toRevision, untilMs: until?.getTime() };
};

/** Normalised readAll options: `after` -1 means from the start; `limit` Infinity means no limit. */
export const toAllRange = (options: ReadAllOptions | undefined): { after: number; limit: number } => {
  const { after = -1, limit = Number.POSITIVE_INFINITY } = options ?? {};
  assertPosition(after);
  if (limit !== Number.POSITIVE_INFINITY && !isNonNegativeInteger(limit)) {
    fail(`limit must be a non-negative integer, got ${String(limit)}`);
  }
  return { after, limit };
};

/** A position to read after: any integer, negative ones meaning "from the start". */
export function assertPosition(after: unknown): asserts after is number {
  if (typeof after !== 'number' || !Number.isSafeInteger(after)) {
    fail(`after must be an integer position, got ${String(after)}`);
  }
}
