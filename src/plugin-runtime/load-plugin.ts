import { access, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue } from '../domain/shared/json.js';
import type { PluginFactory, PluginManifest, PluginModule } from './contract.js';
import { PluginLoadError, parseManifest } from './manifest.js';
import { pluginRuntime } from './runtime.js';
import { compileTemplates, type TemplateSet } from './templates/compile-templates.js';
import { errorMessage } from './templates/errors.js';

export { PluginLoadError } from './manifest.js';

/** A plugin folder, validated and imported. */
export interface LoadedPlugin {
  readonly manifest: PluginManifest;
  readonly module: PluginModule;
  /** Absolute path of the plugin folder. */
  readonly dir: string;
  /** `<dir>/files`: static files served as they are. May not exist, which means "empty". */
  readonly docRoot: string;
  /**
   * The plugin's `templates/` compiled by the host at load time, so a broken template fails the
   * load with its file and line; the plugin gets the same set in its PluginRuntime.
   */
  readonly templates: TemplateSet;
}

const MODULE_FUNCTIONS = [
  'identify',
  'associate',
  'renderCommon',
  'renderDevice',
  'triggerFilename',
  'isSensitive',
  'synchronize',
] as const satisfies readonly (keyof PluginModule)[];

const exists = async (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const readManifest = async (dir: string): Promise<PluginManifest> => {
  const file = join(dir, 'plugin.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PluginLoadError(`${file}: cannot be read: ${errorMessage(err)}`);
  }
  let json: JsonValue;
  try {
    json = JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new PluginLoadError(`${file}: invalid JSON: ${errorMessage(err)}`);
  }
  return parseManifest(file, json, basename(dir));
};

/** The module file: built packages ship `index.js`; the source tree (vitest/tsx) has `index.ts`. */
const moduleFile = async (dir: string): Promise<string> => {
  const jsFile = join(dir, 'index.js');
  return (await exists(jsFile)) ? jsFile : join(dir, 'index.ts');
};

const importFactory = async (file: string): Promise<PluginFactory> => {
  let imported: { readonly default?: unknown };
  try {
    imported = (await import(pathToFileURL(file).href)) as { readonly default?: unknown };
  } catch (err) {
    throw new PluginLoadError(`${file}: cannot be imported: ${errorMessage(err)}`);
  }
  if (typeof imported.default !== 'function') {
    throw new PluginLoadError(`${file}: the default export must be the plugin factory, (runtime) => plugin`);
  }
  return imported.default as PluginFactory;
};

const checkModule = (file: string, candidate: unknown): PluginModule => {
  if (typeof candidate !== 'object' || candidate === null) {
    throw new PluginLoadError(`${file}: the plugin factory must return the plugin object`);
  }
  const missing = MODULE_FUNCTIONS.filter(
    (name) => typeof (candidate as { readonly [k: string]: unknown })[name] !== 'function',
  );
  if (missing.length > 0) {
    throw new PluginLoadError(`${file}: the plugin object lacks the function(s) ${missing.join(', ')}`);
  }
  return candidate as PluginModule;
};

/**
 * Loads the plugin in `dir` (`plugins/<id>/`): validates `plugin.json`, compiles the templates,
 * imports the module and calls its factory with the plugin's runtime. Throws PluginLoadError or
 * TemplateCompileError, naming the file.
 *
 * Node keeps an imported module for the life of the process: importing the same folder again
 * gives the code of the first import. Loading new code therefore means loading another folder
 * (the plugin manager gives every installation its own).
 */
export const loadPlugin = async (dir: string): Promise<LoadedPlugin> => {
  const absolute = resolve(dir);
  const manifest = await readManifest(absolute);
  const templates = await compileTemplates(join(absolute, 'templates'));
  const docRoot = join(absolute, 'files');
  const file = await moduleFile(absolute);
  const factory = await importFactory(file);
  let candidate: unknown;
  try {
    candidate = await factory(pluginRuntime({ manifest, dir: absolute, docRoot, templates }));
  } catch (err) {
    throw new PluginLoadError(`${file}: the plugin factory failed: ${errorMessage(err)}`);
  }
  return { manifest, module: checkModule(file, candidate), dir: absolute, docRoot, templates };
};
