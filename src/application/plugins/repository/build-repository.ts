import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTarGz } from '../../../adapters/tar/index.js';
import type { JsonValue } from '../../../domain/shared/json.js';
import type { PluginManifest } from '../../../plugin-runtime/contract.js';
import { parseManifest } from '../../../plugin-runtime/manifest.js';
import { INDEX_FILE, type IndexEntry, PLUGIN_ID, type PluginIndex } from './plugin-index.js';
import { isRemoteRepository, resolveInRepository } from './repository-location.js';

/**
 * What a plugin folder holds besides the plugin: `packages/` carries the payloads of its
 * optional packages (copied into the repository, not into the plugin), source maps point at
 * sources the installed plugin does not have.
 */
const PACKAGE_PAYLOADS = 'packages';
const leftOut = (path: string): boolean =>
  path === PACKAGE_PAYLOADS || path === 'node_modules' || path.endsWith('.map') || path.endsWith('.d.ts');

/**
 * Installed plugins live outside any npm package of ours: their `.js` files must be told they
 * are ES modules.
 */
const packageJson = (manifest: PluginManifest): Buffer =>
  Buffer.from(
    `${JSON.stringify({ name: `provd-plugin-${manifest.id}`, private: true, type: 'module' }, null, 2)}\n`,
  );

const sha256Of = async (file: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

const readPluginManifest = async (dir: string, id: string): Promise<PluginManifest | undefined> => {
  const file = join(dir, 'plugin.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseManifest(file, JSON.parse(text) as JsonValue, id);
};

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Every package file named relative to the repository must be there, as the manifest says. */
const checkPackageFiles = async (outDir: string, manifest: PluginManifest): Promise<void> => {
  for (const [packageId, pkg] of Object.entries(manifest.packages ?? {})) {
    for (const file of pkg.files) {
      if (isRemoteRepository(file.url)) continue;
      const path = resolveInRepository(outDir, file.url);
      const where = `plugin ${manifest.id}, package ${packageId}: ${file.url}`;
      if (!(await exists(path))) throw new Error(`${where}: not in ${PACKAGE_PAYLOADS}/ of the plugin`);
      const [size, sha256] = [(await stat(path)).size, await sha256Of(path)];
      if (size !== file.size || sha256 !== file.sha256) {
        throw new Error(
          `${where}: the manifest says ${file.size} bytes, sha256 ${file.sha256}; the file has ${size}, ${sha256}`,
        );
      }
    }
  }
};

export interface BuildRepositoryOptions {
  /** A folder of plugin folders (the source `plugins/` or the compiled `dist/plugins/`). */
  readonly pluginsDir: string;
  /** Created, or replaced when it already holds a repository. */
  readonly outDir: string;
}

/**
 * Turns a folder of plugins into a repository: one `<id>-<version>.tar.gz` per plugin (the
 * plugin folder, paths relative to it), the package payloads under `packages/<id>/`, and
 * `plugins.db` describing them. Package checksums of the manifests are checked against the
 * payloads, so a stale checksum fails the build rather than every install.
 */
export const buildRepository = async ({
  pluginsDir,
  outDir,
}: BuildRepositoryOptions): Promise<PluginIndex> => {
  if (
    (await exists(outDir)) &&
    (await readdir(outDir)).length > 0 &&
    !(await exists(join(outDir, INDEX_FILE)))
  ) {
    throw new Error(`${outDir}: not empty and not a plugin repository; refusing to replace it`);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const index: { [id: string]: IndexEntry } = {};
  const folders = (await readdir(pluginsDir, { withFileTypes: true })).filter((e) => e.isDirectory());
  for (const { name: id } of folders.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const dir = join(pluginsDir, id);
    const manifest = await readPluginManifest(dir, id);
    if (manifest === undefined) continue;
    if (!PLUGIN_ID.test(id)) throw new Error(`${dir}: "${id}" is not a valid plugin id`);
    const filename = `${id}-${manifest.version}.tar.gz`;
    const archive = join(outDir, filename);
    await writeTarGz(dir, archive, {
      include: (path) => !leftOut(path),
      extraFiles: [{ path: 'package.json', content: packageJson(manifest) }],
    });
    if (await exists(join(dir, PACKAGE_PAYLOADS))) {
      await cp(join(dir, PACKAGE_PAYLOADS), join(outDir, PACKAGE_PAYLOADS, id), { recursive: true });
    }
    await checkPackageFiles(outDir, manifest);
    index[id] = {
      version: manifest.version,
      description: manifest.description,
      ...(manifest.description_fr === undefined ? {} : { description_fr: manifest.description_fr }),
      capabilities: manifest.capabilities,
      dsize: (await stat(archive)).size,
      filename,
      sha256: await sha256Of(archive),
    };
  }
  await writeFile(join(outDir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return index;
};
