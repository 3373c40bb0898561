import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ReadModelDb } from '../runner/projection.js';
import { compareSqlValues, type SqlValue, sqlValuesEqual } from './sql-order.js';

export type Row = Readonly<Record<string, SqlValue>>;

export interface TableDivergence {
  readonly table: string;
  readonly message: string;
  /** The row's primary key (its rowid for a table without one). */
  readonly key?: Row;
  /** The row as a rebuild from the log makes it; null when the rebuild has no such row. */
  readonly expected?: Row | null;
  /** The row in the stored read model; null when it has none. */
  readonly found?: Row | null;
}

/**
 * `exact`: both sides hold the same rows. `stored-subset`: every stored row is one the rebuild
 * has too (a table the renderer drains: the rows it deleted are not missing).
 */
export type CompareMode = 'exact' | 'stored-subset';

/** Rows compared between two turns of the event loop, so a server keeps answering meanwhile. */
const ROWS_PER_TURN = 2_000;

const columnsOf = (db: ReadModelDb, table: string): { name: string; pk: number }[] =>
  db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as {
    name: string;
    pk: number;
  }[];

const namedIndexes = (db: ReadModelDb, table: string): string[] =>
  (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
      )
      .all(table) as { name: string }[]
  ).map((row) => row.name);

const hasRowid = (db: ReadModelDb, table: string): boolean =>
  (
    db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").get(table) as
      | { wr: number }
      | undefined
  )?.wr !== 1;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Compares one table of a read model rebuilt from the log (`expected`) with the stored one
 * (`found`): columns and named indexes, then every row, both sides read in primary-key order and
 * merged, so neither is loaded whole. The rowid is compared too: listings follow it.
 */
export const compareTable = async (
  expected: ReadModelDb,
  found: ReadModelDb,
  table: string,
  mode: CompareMode,
  report: (divergence: TableDivergence) => void,
): Promise<number> => {
  const columns = columnsOf(expected, table);
  const foundColumns = columnsOf(found, table);
  if (foundColumns.length === 0) {
    report({ table, message: 'table missing from the read model' });
    return 0;
  }
  const names = columns.map((column) => column.name);
  if (names.join(',') !== foundColumns.map((column) => column.name).join(',')) {
    report({
      table,
      message: `columns differ: expected ${names.join(', ')}, found ${foundColumns.map((c) => c.name).join(', ')}`,
    });
    return 0;
  }
  const storedIndexes = new Set(namedIndexes(found, table));
  for (const index of namedIndexes(expected, table)) {
    if (!storedIndexes.has(index)) report({ table, message: `index ${index} missing from the read model` });
  }

  const rowid = hasRowid(expected, table);
  const pk = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
  const keys = pk.length > 0 ? pk.map((column) => column.name) : ['_rowid'];
  const order = pk.length > 0 ? keys.map(quote).join(', ') : 'rowid';
  const sql = `SELECT ${rowid ? 'rowid AS _rowid, ' : ''}* FROM ${quote(table)} ORDER BY ${order}`;
  const left = expected.prepare(sql).iterate() as IterableIterator<Row>;
  const right = found.prepare(sql).iterate() as IterableIterator<Row>;
  const keyOf = (row: Row): Row => Object.fromEntries(keys.map((key) => [key, row[key] ?? null]));
  const compareKeys = (a: Row, b: Row): number => {
    for (const key of keys) {
      const order = compareSqlValues(a[key] ?? null, b[key] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  };

  let rows = 0;
  try {
    let a = left.next();
    let b = right.next();
    while (!a.done || !b.done) {
      const order = a.done ? 1 : b.done ? -1 : compareKeys(a.value, b.value);
      if (order < 0) {
        if (mode === 'exact') {
          report({
            table,
            message: 'row missing from the read model',
            key: keyOf(a.value),
            expected: a.value,
            found: null,
          });
        }
        a = left.next();
      } else if (order > 0) {
        report({
          table,
          message: 'row not in a rebuild from the log',
          key: keyOf(b.value),
          expected: null,
          found: b.value,
        });
        b = right.next();
      } else {
        const differing = Object.keys(a.value).filter(
          (column) => !sqlValuesEqual(a.value[column] ?? null, b.value[column] ?? null),
        );
        if (differing.length > 0) {
          report({
            table,
            message: `row differs in ${differing.join(', ')}`,
            key: keyOf(a.value),
            expected: a.value,
            found: b.value,
          });
        }
        a = left.next();
        b = right.next();
      }
      if (++rows % ROWS_PER_TURN === 0) await nextTurn();
    }
  } finally {
    left.return?.();
    right.return?.();
  }
  return rows;
};
