import { realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { DeviceDocument } from '../../domain/device/document.js';
import type { ReadModelDb } from '../../projections/runner/projection.js';
import type { ActivePlugin } from '../plugins/active-plugins.js';
import { readBlob, readCommonFile, readDeviceFile, type StoredFile } from './file-cache-tables.js';
import type { HotSet } from './hot-set.js';
import type { FileCacheRenderer } from './renderer.js';

export type FoundFile =
  | {
      readonly kind: 'rendered';
      readonly body: Buffer;
      /** sha256 of the body: the content address, also the ETag. */
      readonly hash: string;
      readonly renderedAt: Date;
      /** Rendered for this device (not a common file). */
      readonly perDevice: boolean;
    }
  | { readonly kind: 'static'; readonly path: string; readonly size: number; readonly mtime: Date };

/**
 * What a phone gets for a path: its own rendered file, else the plugin's common file, else a
 * file from the plugin's static doc root. A device's stale files are rendered before they are
 * served. A phone never gets another device's rendered file: provd served the whole plugin
 * directory to anyone, other phones' credentials included.
 */
export class FileLookup {
  constructor(
    private readonly db: ReadModelDb,
    private readonly renderer: FileCacheRenderer,
    private readonly hotSet: HotSet,
  ) {}

  find(device: DeviceDocument | undefined, plugin: ActivePlugin, path: string): FoundFile | undefined {
    if (device !== undefined) {
      this.renderer.renderIfDirty(device.id);
      const own = readDeviceFile(this.db, device.id, path);
      if (own !== undefined) return this.#rendered(own, true);
    }
    this.renderer.renderCommonIfDirty(plugin.id);
    const common = readCommonFile(this.db, plugin.id, path);
    if (common !== undefined) return this.#rendered(common, false);
    return staticFile(plugin.docRoot, path);
  }

  #rendered(file: StoredFile, perDevice: boolean): FoundFile | undefined {
    let body = this.hotSet.get(file.hash);
    if (body === undefined) {
      body = readBlob(this.db, file.hash);
      if (body === undefined) return undefined;
      this.hotSet.set(file.hash, body);
    }
    return { kind: 'rendered', body, hash: file.hash, renderedAt: new Date(file.renderedAt), perDevice };
  }
}

/**
 * A regular file under the doc root, symlinks resolved: the servers already refuse `..` paths,
 * and the real path is checked again so a link inside the root cannot lead out of it.
 */
export const staticFile = (docRoot: string, path: string): FoundFile | undefined => {
  if (path === '' || path.includes('\0')) return undefined;
  let root: string;
  let real: string;
  try {
    root = realpathSync(docRoot);
    real = realpathSync(resolve(root, path));
  } catch {
    return undefined;
  }
  if (!real.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(real);
    return stat.isFile() ? { kind: 'static', path: real, size: stat.size, mtime: stat.mtime } : undefined;
  } catch {
    return undefined;
  }
};
