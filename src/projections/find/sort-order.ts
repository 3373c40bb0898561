import type { JsonValue } from '../../domain/shared/json.js';

/**
 * Rank of a value in a sort, ascending: missing and null first, then numbers, then strings, then
 * everything else (booleans, lists, objects).
 */
const rank = (value: JsonValue | undefined): number => {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  return 3;
};

/**
 * Ascending order of sort keys. Deliberate difference from provd, which compared `str(value)` so
 * that "10" sorted before "9": here numbers compare as numbers. Across types the order is
 * missing/null < numbers < strings (by UTF-16 code unit) < others, the others compared by their
 * JSON text. Ties return 0 so a stable sort keeps insertion order.
 */
export const compareSortKeys = (a: JsonValue | undefined, b: JsonValue | undefined): number => {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === undefined || a === null || b === undefined || b === null) return 0;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export type SortOrder = 'ASC' | 'DESC';

/** provd's `sort_ord`: `DESC` sorts descending, anything else (absent, `asc`, junk) ascending. */
export const parseSortOrder = (value: string | undefined): SortOrder => (value === 'DESC' ? 'DESC' : 'ASC');
