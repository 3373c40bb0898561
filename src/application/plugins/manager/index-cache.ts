import { readFileSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { type DownloadOptions, download } from '../../../adapters/download/index.js';
import type { PluginDirs } from '../installed/plugin-dirs.js';
import { INDEX_FILE, type PluginIndex, parsePluginIndex } from '../repository/plugin-index.js';
import { resolveInRepository } from '../repository/repository-location.js';
import type { PluginManagerLimits } from './limits.js';

/** The cached `plugins.db`: `{}` when there is none yet; throws InvalidPluginIndex when corrupt. */
export const readCachedIndex = (dirs: PluginDirs): PluginIndex => {
  let text: string;
  try {
    text = readFileSync(dirs.indexFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parsePluginIndex(text);
};

/**
 * Downloads the repository's `plugins.db` and replaces the cached copy with it, only once it is
 * complete and valid: a failure leaves the cached copy as it was.
 */
export const fetchIndex = async (input: {
  readonly repository: string;
  readonly dirs: PluginDirs;
  readonly download: Pick<DownloadOptions, 'proxies' | 'ca'>;
  readonly limits: PluginManagerLimits;
  readonly onProgress: (bytes: number) => void;
}): Promise<void> => {
  const temporary = input.dirs.downloadPath(INDEX_FILE);
  try {
    await download(resolveInRepository(input.repository, INDEX_FILE), temporary, {
      ...input.download,
      maxBytes: input.limits.maxIndexBytes,
      idleTimeoutMs: input.limits.idleTimeoutMs,
      onProgress: (bytes) => input.onProgress(bytes),
    });
    parsePluginIndex(await readFile(temporary, 'utf8'));
    await rename(temporary, input.dirs.indexFile);
  } finally {
    await rm(temporary, { force: true });
  }
};
