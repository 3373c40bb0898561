import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { BLOCK, encodeHeader, paddingOf } from '../../../src/adapters/tar/ustar.js';

/** An entry as a hostile or foreign archive may hold it: any name, any type flag. */
export interface RawEntry {
  readonly name: string;
  /** `0` file, `5` directory, `1` hard link, `2` symlink, `3` character device… */
  readonly typeflag?: string;
  readonly content?: string | Buffer;
  readonly linkname?: string;
}

const CHECKSUM_OFFSET = 148;

/** A header with the given name and type flag, checksum recomputed after the changes. */
const header = (entry: RawEntry, size: number): Buffer => {
  const block = encodeHeader({ path: 'placeholder', type: 'file', size, mode: 0o644, mtime: 0 });
  block.fill(0, 0, 100);
  block.fill(0, 345, 500);
  Buffer.from(entry.name, 'utf8').copy(block, 0, 0, 100);
  block.write(entry.typeflag ?? '0', 156, 'latin1');
  if (entry.linkname !== undefined) Buffer.from(entry.linkname).copy(block, 157, 0, 100);
  block.fill(0x20, CHECKSUM_OFFSET, CHECKSUM_OFFSET + 8);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, CHECKSUM_OFFSET, 'latin1');
  return block;
};

/** An uncompressed tar stream of `entries`, with or without the end-of-archive marker. */
export const rawTar = (entries: readonly RawEntry[], { end = true } = {}): Buffer => {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? '');
    parts.push(header(entry, content.length), content, Buffer.alloc(paddingOf(content.length)));
  }
  if (end) parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
};

export const writeRawTarGz = async (
  file: string,
  entries: readonly RawEntry[],
  options?: { end?: boolean },
) => {
  await writeFile(file, gzipSync(rawTar(entries, options)));
  return file;
};
