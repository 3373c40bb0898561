import type { JsonObject, JsonValue } from '../../domain/shared/json.js';
import { isJsonObject } from '../../domain/shared/json.js';

/** `a.b.c` → `['a', 'b', 'c']`. Keys cannot contain dots: provd's query language has no escape. */
export const splitPath = (dotted: string): readonly string[] => dotted.split('.');

/**
 * Every value a dotted path reaches in a document, as provd resolves it: objects are walked key by
 * key, and a list met on the way is explored element by element (`k.kk` reaches `{"k":[{"kk":1}]}`).
 * The value at the end of the path is returned as is, even when it is a list: `k` on
 * `{"k":["v"]}` yields one value, `["v"]`, which is why `{"k":"v"}` does not match it.
 */
export const resolvePath = (doc: JsonObject, path: readonly string[]): JsonValue[] => {
  const found: JsonValue[] = [];
  collect(doc, path, 0, found);
  return found;
};

const collect = (value: JsonValue, path: readonly string[], depth: number, found: JsonValue[]): void => {
  if (Array.isArray(value)) {
    for (const element of value) collect(element, path, depth, found);
    return;
  }
  if (!isJsonObject(value)) return;
  const key = path[depth]!;
  if (!Object.hasOwn(value, key)) return;
  const next = value[key]!;
  if (depth === path.length - 1) found.push(next);
  else collect(next, path, depth + 1, found);
};

/** The first value the path reaches, or undefined: what a sort on that path looks at. */
export const firstValueAt = (doc: JsonObject, path: readonly string[]): JsonValue | undefined =>
  resolvePath(doc, path)[0];
