import type { JsonObject } from '../../domain/shared/json.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';
import type { FindParams } from './find-params.js';
import { executeFind, planFind } from './find-plan.js';
import { candidatesSql, pageParams, pushDownSelector } from './sql-pushdown.js';

const parseDoc = (row: unknown): JsonObject => JSON.parse((row as { doc: string }).doc) as JsonObject;

function* parseDocs(rows: Iterable<unknown>): Iterable<JsonObject> {
  for (const row of rows) yield parseDoc(row);
}

/**
 * provd's find over a table holding one JSON document per row in a `doc` column, listed in
 * rowid (insertion) order. Conditions on `columns` are pushed down to SQL; when SQL alone decides
 * and there is no sort, the page is cut by SQL too. Otherwise rows are read one at a time, so a
 * small page does not parse the whole table. Throws InvalidSelectorError on a bad selector.
 */
export const findInTable = (
  db: ReadModelDb,
  table: string,
  columns: ReadonlyMap<string, string>,
  params: FindParams,
  /** Columns most rows share a value of (a tenant, a plugin): never the index to search first. */
  weakColumns?: ReadonlySet<string>,
): JsonObject[] => {
  const plan = planFind(params);
  const filter = pushDownSelector(plan.selector, columns, weakColumns);
  if (filter.exact && plan.sort === undefined) {
    return prepared(db, candidatesSql(table, filter, true))
      .all(...filter.params, ...pageParams(plan))
      .map((row) => plan.project(parseDoc(row)));
  }
  const rows = prepared(db, candidatesSql(table, filter, false)).iterate(...filter.params);
  return executeFind(plan, parseDocs(rows), { prefiltered: filter.exact });
};
