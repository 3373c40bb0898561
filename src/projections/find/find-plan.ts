import type { JsonObject } from '../../domain/shared/json.js';
import { firstValueAt, splitPath } from './dotted-path.js';
import { compileFieldProjection } from './field-projection.js';
import type { FindParams } from './find-params.js';
import { type CompiledSelector, compileSelector } from './selector.js';
import { compareSortKeys, parseSortOrder, type SortOrder } from './sort-order.js';

/** Find parameters checked and compiled once; throws InvalidSelectorError on a bad selector. */
export interface FindPlan {
  readonly selector: CompiledSelector;
  readonly skip: number;
  /** undefined: no limit. */
  readonly limit: number | undefined;
  readonly sort: { readonly path: readonly string[]; readonly order: SortOrder } | undefined;
  readonly project: (doc: JsonObject) => JsonObject;
}

const count = (value: number | undefined): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;

export const planFind = (params: FindParams): FindPlan => {
  const limit = count(params.limit);
  return {
    selector: compileSelector(params.selector ?? {}),
    skip: count(params.skip),
    limit: limit === 0 ? undefined : limit,
    sort: params.sort ? { path: splitPath(params.sort), order: parseSortOrder(params.sortOrd) } : undefined,
    project: params.fields ? compileFieldProjection(params.fields) : (doc) => doc,
  };
};

export interface ExecuteOptions {
  /** The candidates are known to match already (the storage filtered them exactly). */
  readonly prefiltered?: boolean;
}

/**
 * Runs a plan over candidate documents in insertion order. Without a sort it stops reading as
 * soon as the page is full, so a large collection is not loaded for a small page.
 */
export const executeFind = (
  plan: FindPlan,
  candidates: Iterable<JsonObject>,
  options: ExecuteOptions = {},
): JsonObject[] => {
  const matching = options.prefiltered ? candidates : filter(candidates, plan.selector);
  return plan.sort ? sortedPage(plan, matching) : streamedPage(plan, matching);
};

function* filter(docs: Iterable<JsonObject>, selector: CompiledSelector): Iterable<JsonObject> {
  for (const doc of docs) if (selector.matches(doc)) yield doc;
}

const streamedPage = (plan: FindPlan, docs: Iterable<JsonObject>): JsonObject[] => {
  const page: JsonObject[] = [];
  let toSkip = plan.skip;
  for (const doc of docs) {
    if (toSkip > 0) {
      toSkip--;
      continue;
    }
    page.push(plan.project(doc));
    if (page.length === plan.limit) break;
  }
  return page;
};

const sortedPage = (plan: FindPlan, docs: Iterable<JsonObject>): JsonObject[] => {
  const { path, order } = plan.sort!;
  const keyed = Array.from(docs, (doc) => ({ doc, key: firstValueAt(doc, path) }));
  // Array#sort is stable: equal keys keep insertion order, in DESC too (as Python's reverse=True).
  const direction = order === 'DESC' ? -1 : 1;
  keyed.sort((a, b) => direction * compareSortKeys(a.key, b.key));
  const end = plan.limit === undefined ? undefined : plan.skip + plan.limit;
  return keyed.slice(plan.skip, end).map(({ doc }) => plan.project(doc));
};

/** Finds in an in-memory collection: the reference semantics the SQL-backed read models follow. */
export const findInMemory = (docs: Iterable<JsonObject>, params: FindParams): JsonObject[] =>
  executeFind(planFind(params), docs);
