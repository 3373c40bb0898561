import * as E from 'fp-ts/lib/Either.js';
import { isDomainEventType } from '../../domain/events/versions.js';
import { parseInstant } from './instant.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1_000;

/** Which events an auditor asks for; every filter is optional and they all apply together. */
export interface EventFilters {
  /** Only these event types. */
  readonly types?: ReadonlySet<string>;
  /** Only events of devices that were in this tenant when the event happened. */
  readonly tenant?: string;
  /** Only this device's timeline. */
  readonly device?: string;
  /** Recorded at or after. */
  readonly from?: Date;
  /** Recorded at or before. */
  readonly to?: Date;
}

export interface EventQuery extends EventFilters {
  /** Events at positions strictly greater than this (-1: from the start). */
  readonly after: number;
  readonly limit: number;
}

export type RawQuery = Readonly<Record<string, string | undefined>>;

const integer = (raw: RawQuery, name: string): E.Either<string, number | undefined> => {
  const value = raw[name];
  if (value === undefined) return E.right(undefined);
  if (!/^-?\d{1,15}$/.test(value.trim()))
    return E.left(`"${name}" must be an integer, got ${JSON.stringify(value)}`);
  return E.right(Number(value));
};

const instant = (raw: RawQuery, name: string, localTime: boolean): E.Either<string, Date | undefined> => {
  const value = raw[name];
  if (value === undefined) return E.right(undefined);
  return E.mapLeft((reason: string) => `"${name}": ${reason}`)(parseInstant(value, { localTime }));
};

/** `type=A,B` (also repeated `type`, joined by the caller): every name must be an event type. */
const types = (value: string | undefined): E.Either<string, ReadonlySet<string> | undefined> => {
  if (value === undefined) return E.right(undefined);
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return E.left('"type" names no event type');
  const unknown = names.filter((name) => !isDomainEventType(name));
  if (unknown.length > 0) return E.left(`"type": unknown event type ${unknown.join(', ')}`);
  return E.right(new Set(names));
};

const text = (raw: RawQuery, name: string): E.Either<string, string | undefined> => {
  const value = raw[name];
  if (value === undefined) return E.right(undefined);
  return value.trim() === '' ? E.left(`"${name}" is empty`) : E.right(value.trim());
};

/** The filters shared by the page and the live stream; `localTime`: instants without a zone are local. */
export const parseEventFilters = (raw: RawQuery, localTime = false): E.Either<string, EventFilters> => {
  const parsed = {
    types: types(raw.type),
    tenant: text(raw, 'tenant'),
    device: text(raw, 'device'),
    from: instant(raw, 'from', localTime),
    to: instant(raw, 'to', localTime),
  };
  for (const value of Object.values(parsed)) if (E.isLeft(value)) return value;
  const right = <T>(value: E.Either<string, T>): T => (value as E.Right<T>).right;
  const from = right(parsed.from);
  const to = right(parsed.to);
  if (from !== undefined && to !== undefined && from.getTime() > to.getTime()) {
    return E.left('"from" is after "to"');
  }
  const filters: EventFilters = {
    ...(right(parsed.types) === undefined ? {} : { types: right(parsed.types) }),
    ...(right(parsed.tenant) === undefined ? {} : { tenant: right(parsed.tenant) }),
    ...(right(parsed.device) === undefined ? {} : { device: right(parsed.device) }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
  return E.right(filters);
};

/**
 * A page request: the filters plus `after` (an integer ≥ -1, default -1) and `limit` (1 to
 * {@link MAX_PAGE}, default {@link DEFAULT_PAGE}). Out of range is refused rather than clamped:
 * an auditor who asked for 5000 events and silently got 1000 could conclude there were no more.
 */
export const parseEventQuery = (raw: RawQuery, localTime = false): E.Either<string, EventQuery> => {
  const after = integer(raw, 'after');
  if (E.isLeft(after)) return after;
  if (after.right !== undefined && after.right < -1) return E.left('"after" must be -1 or more');
  const limit = integer(raw, 'limit');
  if (E.isLeft(limit)) return limit;
  if (limit.right !== undefined && (limit.right < 1 || limit.right > MAX_PAGE)) {
    return E.left(`"limit" must be between 1 and ${MAX_PAGE}, got ${limit.right}`);
  }
  return E.map((filters: EventFilters) => ({
    ...filters,
    after: after.right ?? -1,
    limit: limit.right ?? DEFAULT_PAGE,
  }))(parseEventFilters(raw, localTime));
};
