import { isJsonObject } from '../../domain/shared/json.js';
import type { FindParams } from './find-params.js';
import { InvalidSelectorError } from './selector.js';

/** A query string as HTTP frameworks hand it over: repeated parameters become lists. */
export type QueryString = { readonly [name: string]: string | readonly string[] | undefined };

/** Told about each parameter provd would have logged and ignored. */
export type IgnoredParameter = (name: string, value: string, reason: string) => void;

const first = (query: QueryString, name: string): string | undefined => {
  const value = query[name];
  return typeof value === 'string' ? value : value?.[0];
};

/** Python's int(): optional sign and surrounding spaces, digits only. */
const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * provd's find query parameters (provd-spec §1.6): the first occurrence of each wins; `q64`
 * (base64 JSON) takes precedence over `q`; a malformed value is ignored (an unparseable selector
 * selects everything). A selector that parses to something other than an object throws
 * InvalidSelectorError: provd failed there with a 500, we want a 400.
 */
export const parseFindQuery = (query: QueryString, ignored: IgnoredParameter = () => {}): FindParams => {
  const params: { -readonly [K in keyof FindParams]: FindParams[K] } = {};

  const q64 = first(query, 'q64');
  const q = first(query, 'q');
  const [selectorName, selectorText] =
    q64 !== undefined ? ['q64', Buffer.from(q64, 'base64').toString('utf8')] : ['q', q];
  if (selectorText !== undefined) {
    let selector: unknown;
    try {
      selector = JSON.parse(selectorText);
    } catch {
      ignored(selectorName, selectorText, 'not valid JSON');
    }
    if (selector !== undefined) {
      if (!isJsonObject(selector)) throw new InvalidSelectorError('Invalid selector: expected a JSON object');
      params.selector = selector;
    }
  }

  const fields = first(query, 'fields');
  if (fields !== undefined) params.fields = fields.split(',').filter((field) => field !== '');

  for (const name of ['skip', 'limit'] as const) {
    const value = first(query, name);
    if (value === undefined) continue;
    if (INTEGER.test(value)) params[name] = Number.parseInt(value, 10);
    else ignored(name, value, 'not an integer');
  }

  const sort = first(query, 'sort');
  if (sort !== undefined && sort !== '') params.sort = sort;
  const sortOrd = first(query, 'sort_ord');
  if (sortOrd !== undefined) params.sortOrd = sortOrd;
  return params;
};
