/**
 * The optional URL key gate (`http_auth_strategy: url_key`): phones fetch `/<tenant key>/<file>`.
 * The key is a shared secret of the tenant, so it must never reach a log line; `redactPath` is
 * the only way a request path gets into our logs.
 */

import { pathPart } from './safe-path.js';

export type UrlKeyLookup = (key: string) => string | undefined;

export type GateResult =
  | {
      readonly ok: true;
      readonly urlKey: { readonly key: string; readonly tenantUuid: string };
      readonly segments: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

export const REDACTED_KEY = '<url-key>';
/** Logged paths are cut here: a 1 KiB probe path is noise, and logs are not a storage. */
const MAX_LOGGED_PATH = 256;

/** Checks the first segment (already decoded, leading slashes dropped) and removes it. */
export const applyUrlKeyGate = (segments: readonly string[], lookup: UrlKeyLookup): GateResult => {
  const key = segments[0];
  if (key === undefined || key === '') return { ok: false, reason: 'missing url key' };
  const tenantUuid = lookup(key);
  if (tenantUuid === undefined) return { ok: false, reason: 'unknown url key' };
  return { ok: true, urlKey: { key, tenantUuid }, segments: segments.slice(1) };
};

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The request path as received (query dropped: it never selects a file and may carry secrets),
 * for the log. With the gate on, the first non-empty segment is replaced whether or not it was a
 * valid key (an unknown key is often a near miss of a real one), and so is any later segment
 * that is a known key, in whatever percent-encoding.
 */
export const redactPath = (target: string, lookup: UrlKeyLookup | undefined): string => {
  const path = pathPart(target);
  const redacted = lookup === undefined ? path : redactSegments(path, lookup);
  // Cut after redacting, so that a cut never leaves part of a key to be logged.
  return redacted.length > MAX_LOGGED_PATH ? `${redacted.slice(0, MAX_LOGGED_PATH)}…` : redacted;
};

const redactSegments = (path: string, lookup: UrlKeyLookup): string => {
  let seenFirst = false;
  return path
    .split('/')
    .map((segment) => {
      if (segment === '') return segment;
      if (!seenFirst) {
        seenFirst = true;
        return REDACTED_KEY;
      }
      return lookup(safeDecode(segment)) === undefined ? segment : REDACTED_KEY;
    })
    .join('/');
};
