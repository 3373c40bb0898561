import { asString } from '../../../src/domain/shared/coercion.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/domain/shared/json.js';

/** Small readers for the raw config: absent, null and empty values all read as undefined. */

export const text = (v: JsonValue | undefined): string | undefined => {
  const s = asString(v ?? undefined);
  return s === undefined || s === '' ? undefined : s;
};

export const object = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});

/** Entries of a `{"1": {...}, "2": {...}}` map with numeric keys, sorted by number. */
export const numbered = (v: JsonValue | undefined): [number, JsonObject][] =>
  Object.entries(object(v))
    .filter((entry): entry is [string, JsonObject] => /^\d+$/.test(entry[0]) && isJsonObject(entry[1]))
    .map(([key, value]): [number, JsonObject] => [Number(key), value])
    .sort(([a], [b]) => a - b);
