import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginDirs } from '../installed/plugin-dirs.js';

const linkTree = async (from: string, to: string): Promise<void> => {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isFile()) await link(source, target).catch(() => copyFile(source, target));
  }
};

/**
 * A new installation holding the same files as `current` (hard links where possible, firmware
 * included, so it costs little): loading it imports the code afresh.
 */
export const copyInstallation = async (
  dirs: PluginDirs,
  id: string,
  current: string,
  version: string,
): Promise<string> => {
  const installation = await dirs.newInstallation(id, version);
  try {
    await linkTree(current, installation);
  } catch (error) {
    await dirs.discard(installation);
    throw error;
  }
  return installation;
};
