import type { JsonValue } from './json.js';

/**
 * Lenient typing in the manner of provd's schema library (pydantic 1): numbers are accepted
 * where strings are expected, digit strings where integers are, and the usual yes/no spellings
 * where booleans are. These helpers only say whether (and as what) a value is acceptable.
 */

const TRUE_SPELLINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_SPELLINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);
const INTEGER_STRING = /^\s*[-+]?\d+\s*$/;

export const asString = (v: JsonValue | undefined): string | undefined => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
};

export const asInteger = (v: JsonValue | undefined): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && INTEGER_STRING.test(v)) return Number.parseInt(v, 10);
  return undefined;
};

export const asBoolean = (v: JsonValue | undefined): boolean | undefined => {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (TRUE_SPELLINGS.has(lower)) return true;
    if (FALSE_SPELLINGS.has(lower)) return false;
  }
  return undefined;
};

/** Python's truthiness, which provd's "present and truthy" checks rely on. */
export const isTruthy = (v: JsonValue | undefined): boolean => {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
};

/** The Python type name provd's messages show (`is dict`, `is NoneType`, …). */
export const pythonTypeName = (v: JsonValue): string => {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    default:
      return 'dict';
  }
};

/** How a client value is quoted back in an error message. */
export const showValue = (v: JsonValue): string => (typeof v === 'string' ? v : JSON.stringify(v));
