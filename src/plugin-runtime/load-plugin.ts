import { access, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue } from '../domain/shared/json.js';
import type { PluginManifest, PluginModule } from './contract.js';
import { PluginLoadError, parseManifest } from './manifest.js';
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
   * load with its file and line. (Plugins render with their own compiled copy: the contract's
   * functions take no template argument.)
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

/** Built packages ship `index.js`; the source tree (run by vitest/tsx) has `index.ts`. */
const importModule = async (dir: string): Promise<PluginModule> => {
  const jsFile = join(dir, 'index.js');
  const file = (await exists(jsFile)) ? jsFile : join(dir, 'index.ts');
  let imported: { readonly default?: unknown };
  try {
    imported = (await import(pathToFileURL(file).href)) as { readonly default?: unknown };
  } catch (err) {
    throw new PluginLoadError(`${file}: cannot be imported: ${errorMessage(err)}`);
  }
  const candidate = imported.default;
  if (typeof candidate !== 'object' || candidate === null) {
    throw new PluginLoadError(`${file}: the default export must be the plugin object`);
  }
  const missing = MODULE_FUNCTIONS.filter(
    (name) => typeof (candidate as { readonly [k: string]: unknown })[name] !== 'function',
  );
  if (missing.length > 0) {
    throw new PluginLoadError(`${file}: the default export lacks the function(s) ${missing.join(', ')}`);
  }
  return candidate as PluginModule;
};

/**
 * Loads the plugin in `dir` (`plugins/<id>/`): validates `plugin.json`, imports the module,
 * compiles the templates. Throws PluginLoadError or TemplateCompileError, naming the file.
 */
export const loadPlugin = async (dir: string): Promise<LoadedPlugin> => {
  const absolute = resolve(dir);
  const manifest = await readManifest(absolute);
  // Templates first: a broken one is reported as such, not as a failed import of the module
  // that compiles them too.
  const templates = await compileTemplates(join(absolute, 'templates'));
  const module = await importModule(absolute);
  return { manifest, module, dir: absolute, docRoot: join(absolute, 'files'), templates };
};
