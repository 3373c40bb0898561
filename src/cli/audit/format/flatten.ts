import { isJsonObject, type JsonValue } from '../../../domain/shared/json.js';

/** `[path, value]` for every leaf of a document, dotted paths in key order; lists are leaves. */
export const leaves = (value: JsonValue, path = ''): [string, JsonValue][] => {
  if (!isJsonObject(value) || (Object.keys(value).length === 0 && path !== '')) return [[path, value]];
  return Object.keys(value)
    .sort()
    .flatMap((key) => leaves(value[key]!, path === '' ? key : `${path}.${key}`));
};
