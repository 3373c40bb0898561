import type { JsonObject, JsonValue } from '../../domain/shared/json.js';
import { isJsonObject, setOwn } from '../../domain/shared/json.js';
import { splitPath } from './dotted-path.js';

/**
 * Builds provd's `fields` projection: `id` always, each dotted field nested in the result
 * (`a.b` → `{"a":{"b":…}}`), missing fields left out. Lists are not walked here: a field only
 * reaches through objects.
 */
export const compileFieldProjection = (fields: readonly string[]): ((doc: JsonObject) => JsonObject) => {
  const paths = withoutCoveredFields(['id', ...fields]).map(splitPath);
  return (doc) => {
    const projected: JsonObject = {};
    for (const path of paths) {
      const value = valueAt(doc, path);
      if (value !== undefined) setAt(projected, path, value);
    }
    return projected;
  };
};

/** `a` already brings `a.b` along; keeping both would write into the copied object. */
const withoutCoveredFields = (fields: readonly string[]): string[] => {
  const unique = [...new Set(fields)];
  return unique.filter((field) => !unique.some((other) => field.startsWith(`${other}.`)));
};

const valueAt = (doc: JsonObject, path: readonly string[]): JsonValue | undefined => {
  let current: JsonValue = doc;
  for (const key of path) {
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key]!;
  }
  return current;
};

const setAt = (target: JsonObject, path: readonly string[], value: JsonValue): void => {
  let current = target;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    if (isJsonObject(next)) current = next;
    else {
      const created: JsonObject = {};
      setOwn(current, key, created);
      current = created;
    }
  }
  // Field names come from the query string: `__proto__` must stay a plain key.
  setOwn(current, path.at(-1)!, value);
};
