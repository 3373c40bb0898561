import type { CompiledSelector, Condition } from './selector.js';

/** SQL restricting the candidates of a find; `exact` when it alone decides which rows match. */
export interface SqlFilter {
  /** A boolean SQL expression ('1' when nothing could be pushed down). */
  readonly where: string;
  readonly params: readonly string[];
  readonly exact: boolean;
  /**
   * Only equalities were pushed down: an index lookup returns rows in rowid order already. An
   * `IN` list does not, and sorting whole documents by rowid is what made deep pages slow.
   */
  readonly rowidOrdered: boolean;
}

interface PushedCondition {
  readonly clause: string;
  readonly param: string;
  /** The clause says everything the condition says (no other operator left to check). */
  readonly exact: boolean;
  readonly equality: boolean;
}

/**
 * Moves the equality and `$in` conditions of a selector on indexed columns into SQL, so a find by
 * MAC reads a handful of rows instead of the whole table. An indexed column holds the document's
 * value only when it is a string (NULL otherwise), so only string operands are pushed down:
 * `mac = 'x'` then selects exactly the documents `{"mac":"x"}` matches. Whatever is not pushed
 * down is checked in JS on the candidates.
 *
 * @param columns selector key (top-level, no dots) → column name; trusted, never user input.
 */
export const pushDownSelector = (
  selector: CompiledSelector,
  columns: ReadonlyMap<string, string>,
  weakColumns: ReadonlySet<string> = new Set(),
): SqlFilter => {
  const pushedAll: { column: string; pushed: PushedCondition }[] = [];
  let exact = true;
  let rowidOrdered = true;
  for (const condition of selector.conditions) {
    const column = columns.get(condition.key);
    const pushed = column === undefined ? undefined : pushCondition(condition, column);
    if (pushed === undefined || column === undefined) {
      exact = false;
      continue;
    }
    pushedAll.push({ column, pushed });
    exact &&= pushed.exact;
    rowidOrdered &&= pushed.equality;
  }
  // Without statistics SQLite may walk the index of a column every row shares (the tenant of a
  // one-tenant platform: 100,000 entries) rather than the MAC's (one entry), because the former
  // also yields rowid order. Once a selective equality is there, `+column` keeps weak columns
  // out of index selection: they are checked on the few rows found.
  const selective = pushedAll.some(({ column, pushed }) => pushed.equality && !weakColumns.has(column));
  const clauses = pushedAll.map(({ column, pushed }) =>
    selective && weakColumns.has(column) ? `+${pushed.clause}` : pushed.clause,
  );
  const params = pushedAll.map(({ pushed }) => pushed.param);
  return { where: clauses.length === 0 ? '1' : clauses.join(' AND '), params, exact, rowidOrdered };
};

const allStrings = (values: readonly unknown[]): values is readonly string[] =>
  values.every((value) => typeof value === 'string');

const pushCondition = (condition: Condition, column: string): PushedCondition | undefined => {
  if (condition.kind === 'equals') {
    return typeof condition.value === 'string'
      ? { clause: `${column} = ?`, param: condition.value, exact: true, equality: true }
      : undefined;
  }
  const inList = condition.operators.find(({ operator }) => operator === '$in')?.operand;
  if (!Array.isArray(inList) || !allStrings(inList)) return undefined;
  const exact = condition.operators.length === 1;
  // A one-tenant listing is the common case: as an equality it keeps rows in rowid order.
  if (inList.length === 1) return { clause: `${column} = ?`, param: inList[0]!, exact, equality: true };
  // json_each takes the whole list as one parameter: no limit on its length, one cached statement.
  return {
    clause: `${column} IN (SELECT value FROM json_each(?))`,
    param: JSON.stringify(inList),
    exact,
    equality: false,
  };
};

export interface Page {
  readonly skip: number;
  /** undefined: no limit. */
  readonly limit: number | undefined;
}

/**
 * The query reading candidate documents of `table` in insertion (rowid) order, optionally one
 * page of them. When the filter uses an `IN` list, rowids are selected and sorted first (the
 * index covers them) and documents are fetched by rowid: SQLite would otherwise sort whole
 * documents, which took ~190 ms for a page at offset 50,000 of 100,000 devices (~20 ms this way).
 * Parameters: the filter's, then limit and offset when paged.
 */
export const candidatesSql = (table: string, filter: SqlFilter, paged: boolean): string => {
  const page = paged ? ' LIMIT ? OFFSET ?' : '';
  if (filter.rowidOrdered) return `SELECT doc FROM ${table} WHERE ${filter.where} ORDER BY rowid${page}`;
  return `SELECT doc FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${filter.where} ORDER BY rowid${page}) ORDER BY rowid`;
};

export const pageParams = (page: Page): readonly number[] => [page.limit ?? -1, page.skip];
