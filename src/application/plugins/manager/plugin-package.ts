import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type DownloadOptions, download } from '../../../adapters/download/index.js';
import type { PluginPackageDefinition } from '../../../plugin-runtime/contract.js';
import type { Operation } from '../../operations/operation.js';
import { type PackageRecord, readPackageRecords, writePackageRecord } from '../installed/package-records.js';
import type { PluginDirs } from '../installed/plugin-dirs.js';
import { resolveInRepository } from '../repository/repository-location.js';
import type { PluginManagerLimits } from './limits.js';

/** What identifies a package's content in PluginPackageInstalled: its files and their checksums. */
export const packageDigest = (definition: PluginPackageDefinition): string => {
  const lines = definition.files
    .map((file) => `${file.path} ${file.sha256}\n`)
    .sort()
    .join('');
  return createHash('sha256').update(lines).digest('hex');
};

export const packageSize = (definition: PluginPackageDefinition): number =>
  definition.files.reduce((sum, file) => sum + file.size, 0);

export interface FetchPackageInput {
  readonly definition: PluginPackageDefinition;
  readonly repository: string;
  readonly dirs: PluginDirs;
  readonly download: Pick<DownloadOptions, 'proxies' | 'ca'>;
  readonly limits: PluginManagerLimits;
  /** The `download` sub-operation: one child per file, bytes out of the file's size. */
  readonly op: Operation;
}

/** Downloads and checks every file of the package; returns where each one is, in file order. */
export const fetchPackageFiles = async (input: FetchPackageInput): Promise<string[]> => {
  const { definition, dirs, limits, op } = input;
  const files = definition.files.map((file) => ({
    file,
    op: op.child(),
    path: dirs.downloadPath(basename(file.path)),
  }));
  op.start();
  try {
    for (const { file, op: fileOp, path } of files) {
      fileOp.start();
      try {
        await download(resolveInRepository(input.repository, file.url), path, {
          ...input.download,
          maxBytes: limits.maxPackageFileBytes,
          idleTimeoutMs: limits.idleTimeoutMs,
          expectedSize: file.size,
          expectedSha256: file.sha256,
          onProgress: (bytes) => fileOp.progress(bytes, file.size),
        });
        fileOp.succeed();
      } catch (error) {
        fileOp.fail((error as Error).message);
        throw error;
      }
    }
    op.succeed();
    return files.map((f) => f.path);
  } catch (error) {
    op.fail((error as Error).message);
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw error;
  }
};

/**
 * Puts the downloaded files in the installation's doc root and records them. Each file arrives
 * by rename, so a phone never reads a half-written one; files of a previous install of the
 * package that the new one does not have are removed afterwards. If a file cannot be placed,
 * the new files placed so far are removed again.
 */
export const placePackage = async (
  installation: string,
  packageId: string,
  definition: PluginPackageDefinition,
  downloaded: readonly string[],
): Promise<PackageRecord> => {
  const previous = (await readPackageRecords(installation)).get(packageId);
  const target = (path: string): string => join(installation, 'files', ...path.split('/'));
  const placed: string[] = [];
  try {
    for (const [i, file] of definition.files.entries()) {
      await mkdir(dirname(target(file.path)), { recursive: true });
      await rename(downloaded[i] ?? '', target(file.path));
      placed.push(file.path);
    }
  } catch (error) {
    const earlier = new Set(previous?.files ?? []);
    for (const path of placed) if (!earlier.has(path)) await rm(target(path), { force: true });
    throw error;
  }
  const record: PackageRecord = {
    version: definition.version,
    sha256: packageDigest(definition),
    files: definition.files.map((file) => file.path),
  };
  const kept = new Set(record.files);
  for (const path of previous?.files ?? []) if (!kept.has(path)) await rm(target(path), { force: true });
  await writePackageRecord(installation, packageId, record);
  return record;
};
