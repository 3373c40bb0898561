import { isJsonObject, type JsonObject, type JsonValue, setOwn } from '../shared/json.js';

/**
 * Removes null values from objects, recursively (provd-spec §1.9). Applied to `X_type: device`
 * configs because plugins test key presence, not values. Lists keep their nulls (a null list
 * element is data, not an absent key) but objects inside lists are stripped.
 */
export const stripNulls = (doc: JsonObject): JsonObject => {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value !== null) setOwn(result, key, stripValue(value));
  }
  return result;
};

const stripValue = (value: JsonValue): JsonValue => {
  if (Array.isArray(value)) return value.map((item) => (isJsonObject(item) ? stripNulls(item) : item));
  return isJsonObject(value) ? stripNulls(value) : value;
};
