import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRepository } from '../../../src/application/plugins/repository/build-repository.js';
import type { PluginIndex } from '../../../src/application/plugins/repository/plugin-index.js';

/** The repository's own `plugins/` folder. */
export const SOURCE_PLUGINS = fileURLToPath(new URL('../../../plugins/', import.meta.url));

/** A repository of the source plugins, built into `outDir`. */
export const buildSourceRepository = (outDir: string): Promise<PluginIndex> =>
  buildRepository({ pluginsDir: SOURCE_PLUGINS, outDir });

/** Copies a source plugin into `pluginsDir/<id>` to be changed; returns its folder. */
export const copySourcePlugin = async (id: string, pluginsDir: string): Promise<string> => {
  const dir = join(pluginsDir, id);
  await cp(join(SOURCE_PLUGINS, id), dir, { recursive: true });
  return dir;
};

/** Replaces `from` by `to` in a file, failing when `from` is not there (a stale fixture). */
export const editFile = async (file: string, from: string, to: string): Promise<void> => {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  await writeFile(file, text.replace(from, to));
};

export const setVersion = (pluginDir: string, from: string, to: string): Promise<void> =>
  editFile(join(pluginDir, 'plugin.json'), `"version": "${from}"`, `"version": "${to}"`);

export const readIndex = async (repository: string): Promise<PluginIndex> =>
  JSON.parse(await readFile(join(repository, 'plugins.db'), 'utf8')) as PluginIndex;

/** Rewrites one entry of a repository's `plugins.db`. */
export const patchIndex = async (
  repository: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<void> => {
  const index = await readIndex(repository);
  await writeFile(
    join(repository, 'plugins.db'),
    JSON.stringify({ ...index, [id]: { ...index[id], ...patch } }),
  );
};
