import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { DeviceDocument } from '../../domain/device/document.js';
import type { ReadModelDb } from '../../projections/runner/projection.js';
import type { ActivePlugin } from '../plugins/active-plugins.js';
import {
  readBlob,
  readCommonFile,
  readCommonFileCaseless,
  readDeviceFile,
  readDeviceFileCaseless,
  type StoredFile,
} from './file-cache-tables.js';
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

  /** `caseInsensitive`: names match whatever their case (an operator's TFTP option). */
  find(
    device: DeviceDocument | undefined,
    plugin: ActivePlugin,
    path: string,
    caseInsensitive = false,
  ): FoundFile | undefined {
    if (device !== undefined) {
      this.renderer.renderIfDirty(device.id);
      const own = caseInsensitive
        ? readDeviceFileCaseless(this.db, device.id, path)
        : readDeviceFile(this.db, device.id, path);
      if (own !== undefined) return this.#rendered(own, true);
    }
    this.renderer.renderCommonIfDirty(plugin.id);
    const common = caseInsensitive
      ? readCommonFileCaseless(this.db, plugin.id, path)
      : readCommonFile(this.db, plugin.id, path);
    if (common !== undefined) return this.#rendered(common, false);
    const exact = staticFile(plugin.docRoot, path);
    if (exact !== undefined || !caseInsensitive) return exact;
    const actual = caselessPath(plugin.docRoot, path);
    return actual === undefined ? undefined : staticFile(plugin.docRoot, actual);
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

/**
 * The path under the doc root whose segments match `path`'s ignoring case, walking one directory
 * at a time (the exact name wins when both exist). Only `..`-free paths reach here.
 */
export const caselessPath = (docRoot: string, path: string): string | undefined => {
  const found: string[] = [];
  for (const segment of path.split('/')) {
    let names: string[];
    try {
      names = readdirSync(join(docRoot, ...found));
    } catch {
      return undefined;
    }
    const lower = segment.toLowerCase();
    const match = names.includes(segment) ? segment : names.find((name) => name.toLowerCase() === lower);
    if (match === undefined) return undefined;
    found.push(match);
  }
  return found.join('/');
};
