import type { JsonValue } from '../../domain/shared/json.js';
import { isJsonObject, jsonEqual } from '../../domain/shared/json.js';

/**
 * Orders two JSON values for `$gt`/`$ge`/`$lt`/`$le`, the way Python 3 compares them: numbers with
 * numbers, strings with strings (by code unit), booleans with booleans, lists element by element.
 * Anything else (null, objects, mixed types) is incomparable: provd raised there (a 500); we
 * return undefined and the condition simply does not match.
 */
export const compareJson = (a: JsonValue, b: JsonValue): number | undefined => {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const shared = Math.min(a.length, b.length);
    // Like Python: skip equal elements, then the first differing pair decides (or is incomparable).
    for (let i = 0; i < shared; i++) {
      if (!jsonEqual(a[i], b[i])) return compareJson(a[i]!, b[i]!);
    }
    return Math.sign(a.length - b.length);
  }
  return undefined;
};

/** Python truthiness, which `$exists` applies to its operand. */
export const isTruthy = (value: JsonValue): boolean => {
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return value !== null && value !== false && value !== 0 && value !== '';
};
