import { isJsonObject, type JsonObject, type JsonValue, jsonEqual } from '../../domain/shared/json.js';
import { maskSecrets } from './secrets.js';

/**
 * One difference between two JSON documents: the dotted path of what changed, its value before
 * (absent: it was added) and after (absent: it was removed).
 */
export interface Change {
  readonly path: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

const masked = (value: JsonValue, key: string, reveal: boolean): JsonValue =>
  reveal ? value : maskSecrets(value, key);

/**
 * What changed from `before` to `after`, leaf by leaf through objects; lists and scalars are
 * compared whole. Secrets are masked unless `reveal`: a changed password shows as
 * `******** → ********`, so an auditor sees that it changed but not what it is.
 */
export const diffJson = (
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  reveal: boolean,
  path = '',
): Change[] => {
  if (before !== undefined && after !== undefined && jsonEqual(before, after)) return [];
  // An object that appears or goes is shown key by key, as one that changes.
  const objects =
    (isJsonObject(before) || before === undefined) && (isJsonObject(after) || after === undefined);
  if (objects && (before !== undefined || after !== undefined)) {
    const from = (before ?? {}) as JsonObject;
    const to = (after ?? {}) as JsonObject;
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((key) =>
      diffJson(
        Object.hasOwn(from, key) ? from[key] : undefined,
        Object.hasOwn(to, key) ? to[key] : undefined,
        reveal,
        path === '' ? key : `${path}.${key}`,
      ),
    );
  }
  const key = path.slice(path.lastIndexOf('.') + 1);
  return [
    {
      path,
      ...(before === undefined ? {} : { before: masked(before, key, reveal) }),
      ...(after === undefined ? {} : { after: masked(after, key, reveal) }),
    },
  ];
};
