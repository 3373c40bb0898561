import { isJsonObject, type JsonValue } from '../domain/shared/json.js';
import type { PluginManifest } from './contract.js';

/** A plugin folder that cannot be loaded; the message names the file and what is wrong. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
}

const PROTOCOLS = new Set(['http', 'tftp']);
const PACKAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SHA256 = /^[0-9a-f]{64}$/;

const nonEmptyString = (v: JsonValue | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/** A `/`-separated path that stays inside the folder it is relative to. */
export const isSafeRelativePath = (path: string): boolean =>
  path !== '' &&
  !path.startsWith('/') &&
  !path.includes('\\') &&
  !path.includes('\0') &&
  path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');

type Fail = (field: string, problem: string) => never;

const checkPackageFile = (field: string, file: JsonValue, fail: Fail): void => {
  if (!isJsonObject(file)) fail(field, 'must be an object');
  if (!nonEmptyString(file.url)) fail(`${field}.url`, 'must be a non-empty string');
  if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size < 0) {
    fail(`${field}.size`, 'must be a size in bytes');
  }
  if (typeof file.sha256 !== 'string' || !SHA256.test(file.sha256)) {
    fail(`${field}.sha256`, 'must be a sha256 in lower-case hex');
  }
  if (typeof file.path !== 'string' || !isSafeRelativePath(file.path)) {
    fail(`${field}.path`, 'must be a relative path inside files/ (no "..", no leading "/")');
  }
};

const checkPackages = (packages: JsonValue, fail: Fail): void => {
  if (!isJsonObject(packages)) fail('packages', 'must be an object');
  for (const [id, pkg] of Object.entries(packages)) {
    const field = `packages.${id}`;
    if (!PACKAGE_ID.test(id)) fail(field, 'is not a valid package id (letters, digits, ".", "_", "-")');
    if (!isJsonObject(pkg)) fail(field, 'must be an object');
    for (const key of ['version', 'description'] as const) {
      if (!nonEmptyString(pkg[key])) fail(`${field}.${key}`, 'must be a non-empty string');
    }
    if (pkg.description_fr !== undefined && typeof pkg.description_fr !== 'string') {
      fail(`${field}.description_fr`, 'must be a string');
    }
    const files = pkg.files;
    if (!Array.isArray(files) || files.length === 0) fail(`${field}.files`, 'must be a non-empty list');
    for (const [i, file] of files.entries()) checkPackageFile(`${field}.files.${i}`, file, fail);
  }
};

/**
 * Validates a parsed `plugin.json`. `expectedId` is the folder name: provd names a plugin after
 * its folder, so a manifest claiming another id is a packaging mistake.
 */
export const parseManifest = (file: string, json: JsonValue, expectedId: string): PluginManifest => {
  const fail: Fail = (field, problem) => {
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
  if (json.packages !== undefined) checkPackages(json.packages, fail);
  return json as unknown as PluginManifest;
};
