import type { JsonObject } from '../../domain/shared/json.js';

/**
 * provd's find parameters (provd-spec §1.6), already parsed from the query string. The REST layer
 * turns `q`/`q64`, `fields`, `skip`, `limit`, `sort` and `sort_ord` into this.
 */
export interface FindParams {
  /** provd selector; absent or `{}` matches everything. */
  readonly selector?: JsonObject;
  /** Dotted field names to return (`id` always comes along); absent: whole documents. */
  readonly fields?: readonly string[];
  /** Matching documents to skip (after sorting). */
  readonly skip?: number;
  /** Maximum documents to return; 0 or absent: no limit. */
  readonly limit?: number;
  /** Dotted key to sort on; absent: insertion order. */
  readonly sort?: string;
  /** `DESC` for descending; anything else ascends, as in provd. */
  readonly sortOrd?: string;
}
