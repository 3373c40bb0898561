/** A column value as better-sqlite3 returns it. */
export type SqlValue = null | number | bigint | string | Buffer;

const rank = (value: SqlValue): number => {
  if (value === null) return 0;
  if (typeof value === 'number' || typeof value === 'bigint') return 1;
  if (typeof value === 'string') return 2;
  return 3;
};

/**
 * SQLite's ORDER BY for the BINARY collation: NULL, then numbers by value, then text by its UTF-8
 * bytes, then blobs by their bytes. Two result sets sorted by SQLite can then be merged here.
 */
export const compareSqlValues = (a: SqlValue, b: SqlValue): number => {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1) return a! < b! ? -1 : a! > b! ? 1 : 0;
  const bytes = (value: SqlValue): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(String(value)));
  return Buffer.compare(bytes(a), bytes(b));
};

export const sqlValuesEqual = (a: SqlValue, b: SqlValue): boolean =>
  Buffer.isBuffer(a) || Buffer.isBuffer(b) ? compareSqlValues(a, b) === 0 : a === b;
