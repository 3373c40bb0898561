import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { TarError } from './tar-error.js';
import { BLOCK, encodeHeader, paddingOf } from './ustar.js';

export interface WriteTarOptions {
  /** Whether a path (relative, `/`-separated) goes into the archive; a left-out folder is skipped whole. */
  readonly include?: (path: string, isDirectory: boolean) => boolean;
  /** Files written into the archive that are not in the folder (or replace one that is). */
  readonly extraFiles?: readonly { readonly path: string; readonly content: Buffer }[];
}

type Entry =
  | { readonly path: string; readonly type: 'directory' }
  | { readonly path: string; readonly type: 'file'; readonly size: number; readonly source: string | Buffer };

const walk = async (
  root: string,
  relative: string,
  include: (path: string, isDirectory: boolean) => boolean,
  into: Entry[],
): Promise<void> => {
  const dir = relative === '' ? root : join(root, relative);
  for (const name of (await readdir(dir)).sort()) {
    const path = relative === '' ? name : `${relative}/${name}`;
    const stats = await lstat(join(root, path));
    if (stats.isDirectory()) {
      if (!include(path, true)) continue;
      into.push({ path, type: 'directory' });
      await walk(root, path, include, into);
    } else if (stats.isFile()) {
      if (include(path, false)) into.push({ path, type: 'file', size: stats.size, source: join(root, path) });
    } else {
      // A package is extracted by readers that refuse links and devices: refuse them here first.
      throw new TarError(`${join(root, path)}: only regular files and folders can be packaged`);
    }
  }
};

async function* fileBytes(entry: Extract<Entry, { type: 'file' }>): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(entry.source)) {
    yield entry.source;
    return;
  }
  let written = 0;
  for await (const chunk of createReadStream(entry.source)) {
    written += (chunk as Buffer).length;
    if (written > entry.size) break;
    yield chunk as Buffer;
  }
  // The header already promised a size: a file that changed meanwhile would corrupt the archive.
  if (written !== entry.size) throw new TarError(`${entry.source}: changed while being packaged`);
}

async function* archive(entries: readonly Entry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const size = entry.type === 'file' ? entry.size : 0;
    const mode = entry.type === 'file' ? 0o644 : 0o755;
    // A fixed mtime makes the archive (and its checksum) a function of the content only.
    yield encodeHeader({ path: entry.path, type: entry.type, size, mode, mtime: 0 });
    if (entry.type === 'file') {
      yield* fileBytes(entry);
      if (paddingOf(size) > 0) yield Buffer.alloc(paddingOf(size));
    }
  }
  yield Buffer.alloc(2 * BLOCK);
}

/**
 * Writes the content of `sourceDir` as a gzipped ustar archive, paths relative to the folder,
 * sorted, with fixed owner, modes and times so the same content gives the same bytes.
 */
export const writeTarGz = async (
  sourceDir: string,
  outFile: string,
  options: WriteTarOptions = {},
): Promise<void> => {
  const entries: Entry[] = [];
  await walk(sourceDir, '', options.include ?? (() => true), entries);
  for (const extra of options.extraFiles ?? []) {
    const index = entries.findIndex((e) => e.path === extra.path);
    const entry: Entry = {
      path: extra.path,
      type: 'file',
      size: extra.content.length,
      source: extra.content,
    };
    if (index === -1) entries.push(entry);
    else entries[index] = entry;
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  await pipeline(Readable.from(archive(entries)), createGzip({ level: 9 }), createWriteStream(outFile));
};
