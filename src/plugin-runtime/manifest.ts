import { isJsonObject, type JsonValue } from '../domain/shared/json.js';
import type { PluginManifest } from './contract.js';

/** A plugin folder that cannot be loaded; the message names the file and what is wrong. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
}

const PROTOCOLS = new Set(['http', 'tftp']);

const nonEmptyString = (v: JsonValue | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Validates a parsed `plugin.json`. `expectedId` is the folder name: provd names a plugin after
 * its folder, so a manifest claiming another id is a packaging mistake.
 */
export const parseManifest = (file: string, json: JsonValue, expectedId: string): PluginManifest => {
  const fail = (field: string, problem: string): never => {
    throw new PluginLoadError(`${file}: "${field}" ${problem}`);
  };
  if (!isJsonObject(json)) throw new PluginLoadError(`${file}: must be a JSON object`);
  if (json.id !== expectedId) fail('id', `must be the folder name "${expectedId}"`);
  for (const field of ['version', 'vendor', 'description'] as const) {
    if (!nonEmptyString(json[field])) fail(field, 'must be a non-empty string');
  }
  if (json.description_fr !== undefined && typeof json.description_fr !== 'string') {
    fail('description_fr', 'must be a string');
  }
  const capabilities = json.capabilities;
  if (!isJsonObject(capabilities)) return fail('capabilities', 'must be an object');
  for (const [label, caps] of Object.entries(capabilities)) {
    if (!isJsonObject(caps)) fail(`capabilities.${label}`, 'must be an object');
  }
  const serves = json.serves;
  if (serves !== undefined) {
    if (!Array.isArray(serves) || !serves.every((p) => typeof p === 'string' && PROTOCOLS.has(p))) {
      fail('serves', 'must be a list of "http" and "tftp"');
    }
  }
  return json as unknown as PluginManifest;
};
