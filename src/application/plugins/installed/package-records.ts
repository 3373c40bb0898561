import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isJsonObject, type JsonValue } from '../../../domain/shared/json.js';
import { isSafeRelativePath } from '../../../plugin-runtime/manifest.js';

/**
 * What an installed package put in the plugin's doc root, kept in the installation
 * (`var/packages/<package id>.json`, outside the served `files/`): uninstalling removes exactly
 * those files, and an upgrade carries them into the new installation.
 */
export interface PackageRecord {
  readonly version: string;
  /** Identifies the content: sha256 over the files' paths and checksums. */
  readonly sha256: string;
  /** Paths relative to `files/`. */
  readonly files: readonly string[];
}

const recordsDir = (installation: string): string => join(installation, 'var', 'packages');

const parse = (json: JsonValue): PackageRecord | undefined => {
  if (!isJsonObject(json) || typeof json.version !== 'string' || typeof json.sha256 !== 'string')
    return undefined;
  const files = json.files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string' && isSafeRelativePath(f)))
    return undefined;
  return { version: json.version, sha256: json.sha256, files: files as string[] };
};

export const readPackageRecords = async (installation: string): Promise<Map<string, PackageRecord>> => {
  const records = new Map<string, PackageRecord>();
  const names = await readdir(recordsDir(installation)).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const text = await readFile(join(recordsDir(installation), name), 'utf8');
    const record = parse(JSON.parse(text) as JsonValue);
    if (record !== undefined) records.set(name.slice(0, -'.json'.length), record);
  }
  return records;
};

export const writePackageRecord = async (
  installation: string,
  packageId: string,
  record: PackageRecord,
): Promise<void> => {
  await mkdir(recordsDir(installation), { recursive: true });
  await writeFile(
    join(recordsDir(installation), `${packageId}.json`),
    `${JSON.stringify(record, null, 2)}\n`,
  );
};

/** Removes the package's files and its record. */
export const removePackage = async (
  installation: string,
  packageId: string,
  record: PackageRecord,
): Promise<void> => {
  for (const file of record.files) await rm(join(installation, 'files', ...file.split('/')), { force: true });
  await rm(join(recordsDir(installation), `${packageId}.json`), { force: true });
};

/** A hard link when the file system allows it (firmware can be large), a copy otherwise. */
const linkOrCopy = async (from: string, to: string): Promise<void> => {
  await mkdir(dirname(to), { recursive: true });
  await rm(to, { force: true });
  await link(from, to).catch(() => copyFile(from, to));
};

/** Brings the installed packages of `from` into the new installation `to` (before it is activated). */
export const carryPackages = async (from: string, to: string): Promise<void> => {
  for (const [packageId, record] of await readPackageRecords(from)) {
    for (const file of record.files) {
      const parts = file.split('/');
      await linkOrCopy(join(from, 'files', ...parts), join(to, 'files', ...parts));
    }
    await writePackageRecord(to, packageId, record);
  }
};
