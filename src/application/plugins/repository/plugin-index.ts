import { isJsonObject, type JsonValue } from '../../../domain/shared/json.js';
import { isSafeRelativePath } from '../../../plugin-runtime/manifest.js';

/**
 * `plugins.db`, a repository's index (provd-spec §6.1, with sha256 where provd had sha1sum):
 * `{ "<plugin id>": { version, description, description_<lang>?, capabilities, dsize, filename,
 * sha256 } }`. `filename` is the package, relative to the repository.
 */
export interface IndexEntry {
  readonly version: string;
  readonly description: string;
  readonly description_fr?: string;
  readonly capabilities: { readonly [vmv: string]: { readonly [key: string]: unknown } };
  /** Package size in bytes. */
  readonly dsize: number;
  readonly filename: string;
  readonly sha256: string;
  /** Other `description_<locale>` keys are kept as they are. */
  readonly [key: string]: unknown;
}

export type PluginIndex = { readonly [pluginId: string]: IndexEntry };

/** provd names a plugin after its folder: the id must be a safe folder name. */
export const PLUGIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const REQUIRED = ['capabilities', 'description', 'version', 'dsize', 'filename', 'sha256'] as const;

export class InvalidPluginIndex extends Error {
  override readonly name = 'InvalidPluginIndex';
}

const checkEntry = (id: string, entry: JsonValue): IndexEntry => {
  const invalid = (problem: string): never => {
    throw new InvalidPluginIndex(`invalid plugin info: ${problem} in ${id}`);
  };
  if (!PLUGIN_ID.test(id))
    throw new InvalidPluginIndex(`invalid plugin info: "${id}" is not a valid plugin id`);
  if (!isJsonObject(entry)) return invalid('not an object');
  for (const key of REQUIRED) if (!(key in entry)) invalid(`missing ${key} key`);
  if (typeof entry.version !== 'string' || entry.version === '') invalid('bad version');
  if (typeof entry.description !== 'string') invalid('bad description');
  if (!isJsonObject(entry.capabilities)) invalid('bad capabilities');
  if (typeof entry.dsize !== 'number' || !Number.isSafeInteger(entry.dsize) || entry.dsize < 0)
    invalid('bad dsize');
  if (typeof entry.filename !== 'string' || !isSafeRelativePath(entry.filename)) invalid('bad filename');
  if (typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) invalid('bad sha256');
  return entry as unknown as IndexEntry;
};

/** Parses and checks a whole index; one bad entry fails it all, as in provd. */
export const parsePluginIndex = (text: string): PluginIndex => {
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new InvalidPluginIndex(`invalid plugin index: ${(error as Error).message}`);
  }
  if (!isJsonObject(json)) throw new InvalidPluginIndex('invalid plugin index: not a JSON object');
  return Object.fromEntries(Object.entries(json).map(([id, entry]) => [id, checkEntry(id, entry)]));
};

export const INDEX_FILE = 'plugins.db';
