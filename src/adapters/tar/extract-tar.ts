import { createReadStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ChunkReader } from './chunk-reader.js';
import { TarError } from './tar-error.js';
import { BLOCK, decodeHeader, isZeroBlock, paddingOf } from './ustar.js';

export interface ExtractLimits {
  /** Total size of the files extracted. */
  readonly maxBytes: number;
  /** Entries (files, folders and extended headers). */
  readonly maxEntries: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxBytes: 512 * 1024 * 1024, maxEntries: 20_000 };

export interface ExtractResult {
  readonly files: number;
  readonly bytes: number;
}

const REFUSED_TYPES: { readonly [flag: string]: string } = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
  K: 'a hard or symbolic link',
};

/** Extended headers are small; anything bigger is not a header we want to hold in memory. */
const MAX_EXTENDED_HEADER = 64 * 1024;

/** `path=` of a pax extended header (records `<length> <key>=<value>\n`). */
const paxPath = (payload: Buffer): string | undefined => {
  let path: string | undefined;
  let at = 0;
  while (at < payload.length) {
    const space = payload.indexOf(0x20, at);
    const length = Number.parseInt(payload.subarray(at, space).toString('ascii'), 10);
    if (space === -1 || !Number.isSafeInteger(length) || length <= 0) break;
    const record = payload.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === 'path') path = record.slice(equals + 1);
    at += length;
  }
  return path;
};

/**
 * The entry's destination inside `target`, or a TarError: absolute names, `..` and anything
 * resolving outside the target are refused; `./` prefixes and empty segments are dropped.
 */
const destination = (target: string, name: string): string | undefined => {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) {
    throw new TarError(`archive entry "${name}" has an absolute path`);
  }
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new TarError(`archive entry "${name}" leads out of the target folder`);
  if (segments.length === 0) return undefined;
  const path = resolve(target, ...segments);
  const inside = relative(target, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new TarError(`archive entry "${name}" leads out of the target folder`);
  }
  return path;
};

const zlibMessage = (error: unknown): string | undefined => {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && code.startsWith('Z_') ? (error as Error).message : undefined;
};

const copyBody = async (reader: ChunkReader, size: number, file: string): Promise<void> => {
  const handle = await open(file, 'w', 0o644);
  try {
    let left = size;
    while (left > 0) {
      const piece = await reader.some(left);
      await handle.write(piece);
      left -= piece.length;
    }
  } finally {
    await handle.close();
  }
};

const skip = async (reader: ChunkReader, size: number): Promise<void> => {
  let left = size;
  while (left > 0) left -= (await reader.some(left)).length;
};

const extractEntries = async (
  reader: ChunkReader,
  target: string,
  limits: ExtractLimits,
): Promise<ExtractResult> => {
  let files = 0;
  let bytes = 0;
  let entries = 0;
  let longName: string | undefined;
  for (;;) {
    const at = reader.offset;
    const block = await reader.exactly(BLOCK);
    if (block === undefined) throw new TarError('truncated archive: no end-of-archive marker');
    if (isZeroBlock(block)) return { files, bytes };
    const header = decodeHeader(block, at);
    if (++entries > limits.maxEntries)
      throw new TarError(`archive has more than ${limits.maxEntries} entries`);
    const refused = REFUSED_TYPES[header.typeflag];
    const name = longName ?? header.name;
    if (refused !== undefined) throw new TarError(`archive entry "${name}" is ${refused}: refused`);
    const padded = header.size + paddingOf(header.size);
    switch (header.typeflag) {
      case 'x':
      case 'L': {
        if (header.size > MAX_EXTENDED_HEADER)
          throw new TarError(`archive extended header too large at byte ${at}`);
        const payload = (await reader.exactly(padded)) ?? Buffer.alloc(0);
        const body = payload.subarray(0, header.size);
        longName = header.typeflag === 'L' ? body.toString('utf8').replace(/\0+$/, '') : paxPath(body);
        continue;
      }
      case 'g':
        await skip(reader, padded);
        continue;
      case '5': {
        longName = undefined;
        const path = destination(target, name);
        if (path !== undefined) await mkdir(path, { recursive: true, mode: 0o755 });
        await skip(reader, padded);
        continue;
      }
      case '0':
      case '':
      case '7': {
        longName = undefined;
        bytes += header.size;
        if (bytes > limits.maxBytes)
          throw new TarError(`archive too large: more than ${limits.maxBytes} bytes`);
        const path = destination(target, name);
        if (path === undefined) throw new TarError(`archive entry "${name}" is a file without a name`);
        await mkdir(dirname(path), { recursive: true, mode: 0o755 });
        await copyBody(reader, header.size, path);
        await skip(reader, paddingOf(header.size));
        files++;
        continue;
      }
      default:
        throw new TarError(`archive entry "${name}" has an unsupported type "${header.typeflag}"`);
    }
  }
};

/**
 * Extracts a gzipped tar archive into `target`, an empty (or not yet existing) folder. Regular
 * files and folders only: links, devices, absolute paths, `..` and entries escaping `target`
 * are refused, as are archives beyond the limits. Throws TarError; on error `target` holds a
 * partial extraction the caller removes (it extracts into a staging folder for that reason).
 */
export const extractTarGz = async (
  archive: string,
  target: string,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<ExtractResult> => {
  const root = resolve(target);
  await mkdir(root, { recursive: true });
  if ((await readdir(root)).length > 0) throw new TarError(`${root}: extraction target is not empty`);
  const gunzip = pipeline(createReadStream(archive), createGunzip(), () => {});
  try {
    return await extractEntries(new ChunkReader(gunzip), root, limits);
  } catch (error) {
    const zlib = zlibMessage(error);
    if (zlib !== undefined) throw new TarError(`corrupt archive: ${zlib}`);
    throw error;
  } finally {
    // Whatever follows the end marker is not read.
    gunzip.destroy();
  }
};
