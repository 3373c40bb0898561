import { cloneJson, isJsonObject, type JsonObject, setOwn } from '../shared/json.js';
import type { ConfigDocument } from './events.js';

/**
 * The raw config a device really gets (provd-spec §2.3): the base raw config, then every ancestor
 * depth-first in `parent_ids` order (a parent's own parents before the parent itself), then the
 * config itself. Each config contributes once, at its first encounter, which also breaks cycles;
 * unknown parents are skipped. Undefined when the config itself is unknown. Inputs are never
 * modified.
 */
export const flattenRawConfig = (
  configId: string,
  lookup: (id: string) => ConfigDocument | undefined,
  base: JsonObject,
): JsonObject | undefined => {
  const config = lookup(configId);
  if (config === undefined) return undefined;
  const result = cloneJson(base);
  const visited = new Set([configId]);
  const overlayAncestors = (doc: ConfigDocument): void => {
    for (const parentId of Array.isArray(doc.parent_ids) ? doc.parent_ids : []) {
      if (visited.has(parentId)) continue;
      visited.add(parentId);
      const parent = lookup(parentId);
      if (parent === undefined) continue;
      overlayAncestors(parent);
      overlay(result, parent.raw_config);
    }
  };
  overlayAncestors(config);
  overlay(result, config.raw_config);
  return result;
};

/**
 * Objects merge key by key; anything else (scalars, lists, null) replaces. So a child can add or
 * override a SIP line's fields but never remove what an ancestor defined.
 */
const overlay = (target: JsonObject, source: JsonObject): void => {
  for (const [key, value] of Object.entries(source)) {
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isJsonObject(existing) && isJsonObject(value)) overlay(existing, value);
    else setOwn(target, key, cloneJson(value));
  }
};
