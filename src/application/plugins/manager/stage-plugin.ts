import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { type DownloadOptions, download } from '../../../adapters/download/index.js';
import { extractTarGz } from '../../../adapters/tar/index.js';
import { type LoadedPlugin, loadPlugin } from '../../../plugin-runtime/load-plugin.js';
import type { Operation } from '../../operations/operation.js';
import type { PluginDirs } from '../installed/plugin-dirs.js';
import type { IndexEntry } from '../repository/plugin-index.js';
import { resolveInRepository } from '../repository/repository-location.js';
import type { PluginManagerLimits } from './limits.js';

export interface StageInput {
  readonly id: string;
  readonly entry: IndexEntry;
  readonly repository: string;
  readonly dirs: PluginDirs;
  readonly download: Pick<DownloadOptions, 'proxies' | 'ca'>;
  readonly limits: PluginManagerLimits;
  /** Gets a `download` child reporting bytes out of the index's size. */
  readonly op?: Operation;
}

export interface Staged {
  /** The new installation folder, complete, not active yet. */
  readonly installation: string;
  readonly loaded: LoadedPlugin;
  readonly sha256: string;
}

/**
 * Everything an install or upgrade does before switching to the new version: download the
 * package (checked against the index's size and sha256), extract it into a new installation
 * folder, load the code, keep the package for auditors (`.cache/`). Nothing points at the new
 * folder yet: on any failure it is removed and the running version is untouched.
 */
export const stagePlugin = async (input: StageInput): Promise<Staged> => {
  const { id, entry, dirs, limits } = input;
  const archive = dirs.downloadPath(basename(entry.filename));
  const progress = input.op?.child('download');
  let sha256: string;
  try {
    progress?.start();
    ({ sha256 } = await download(resolveInRepository(input.repository, entry.filename), archive, {
      ...input.download,
      maxBytes: limits.maxPluginBytes,
      idleTimeoutMs: limits.idleTimeoutMs,
      expectedSize: entry.dsize,
      expectedSha256: entry.sha256,
      onProgress: (bytes) => progress?.progress(bytes, entry.dsize),
    }));
    progress?.succeed();
  } catch (error) {
    progress?.fail((error as Error).message);
    throw error;
  }
  const installation = await dirs.newInstallation(id, entry.version);
  try {
    await extractTarGz(archive, installation, {
      maxBytes: limits.maxPluginBytes,
      maxEntries: limits.maxPluginEntries,
    });
    const loaded = await loadPlugin(installation);
    if (loaded.manifest.version !== entry.version) {
      throw new Error(
        `the package of plugin ${id} holds version ${loaded.manifest.version}, the index says ${entry.version}`,
      );
    }
    await dirs.keepPackage(id, entry.version, archive);
    return { installation, loaded, sha256 };
  } catch (error) {
    await dirs.discard(installation);
    throw error;
  } finally {
    await rm(archive, { force: true });
  }
};
