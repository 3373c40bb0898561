import type { JsonObject, JsonValue } from '../../../src/domain/shared/json.js';

/**
 * Small readers for the raw config: absent, null and empty values all read as undefined. They
 * are the plugin's own (not the host's) so that the derivations stay plain functions of the
 * raw config.
 */

/** Strings as they are, finite numbers as digits (provd accepts `5060` and `"5060"` alike). */
export const text = (v: JsonValue | undefined): string | undefined => {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
};

export const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const object = (v: JsonValue | undefined): JsonObject => (isObject(v) ? v : {});

/** Python's truthiness, which provd's "present and truthy" flags (`ntp_enabled`…) follow. */
export const truthy = (v: JsonValue | undefined): boolean => {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
};

/** Entries of a `{"1": {...}, "2": {...}}` map with numeric keys, sorted by number. */
export const numbered = (v: JsonValue | undefined): [number, JsonObject][] =>
  Object.entries(object(v))
    .filter((entry): entry is [string, JsonObject] => /^\d+$/.test(entry[0]) && isObject(entry[1]))
    .map(([key, value]): [number, JsonObject] => [Number(key), value])
    .sort(([a], [b]) => a - b);
