import { TarError } from './tar-error.js';

/**
 * The POSIX ustar header (512 bytes), the part of it we write and read. Field offsets and sizes
 * follow the standard; numbers are octal text, NUL-terminated.
 */
export const BLOCK = 512;

const FIELDS = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

type Field = keyof typeof FIELDS;

export type EntryType = 'file' | 'directory';

export interface HeaderFields {
  /** `/`-separated path; directories without trailing slash. */
  readonly path: string;
  readonly type: EntryType;
  readonly size: number;
  readonly mode: number;
  readonly mtime: number;
}

/** What a header says, before any safety check. */
export interface ParsedHeader {
  readonly name: string;
  /** The raw type flag: `0` file, `5` directory, `2` symlink, `x` pax header… */
  readonly typeflag: string;
  readonly size: number;
}

const MAX_OCTAL_SIZE = 8 ** 11 - 1;

const put = (block: Buffer, field: Field, value: string | Buffer): void => {
  const [offset, length] = FIELDS[field];
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (bytes.length > length) throw new TarError(`tar header field ${field} too long: ${value.toString()}`);
  bytes.copy(block, offset);
};

const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;

const checksumOf = (block: Buffer): number => {
  let sum = 0;
  const [offset, length] = FIELDS.checksum;
  for (let i = 0; i < BLOCK; i++) sum += i >= offset && i < offset + length ? 0x20 : (block[i] ?? 0);
  return sum;
};

/** Splits a long path at a `/` into ustar's prefix (155 bytes) and name (100 bytes). */
const splitPath = (path: string): { prefix: string; name: string } => {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') {
      return { prefix, name };
    }
  }
  throw new TarError(`path too long for a ustar archive: ${path}`);
};

export const encodeHeader = ({ path, type, size, mode, mtime }: HeaderFields): Buffer => {
  if (size > MAX_OCTAL_SIZE) throw new TarError(`file too large for a ustar archive: ${path}`);
  const block = Buffer.alloc(BLOCK);
  const { prefix, name } = splitPath(type === 'directory' ? `${path}/` : path);
  put(block, 'name', name);
  put(block, 'mode', octal(mode, 8));
  put(block, 'uid', octal(0, 8));
  put(block, 'gid', octal(0, 8));
  put(block, 'size', octal(type === 'directory' ? 0 : size, 12));
  put(block, 'mtime', octal(mtime, 12));
  put(block, 'typeflag', type === 'directory' ? '5' : '0');
  put(block, 'magic', Buffer.from('ustar\0', 'latin1'));
  put(block, 'version', '00');
  put(block, 'prefix', prefix);
  put(block, 'checksum', `${checksumOf(block).toString(8).padStart(6, '0')}\0 `);
  return block;
};

const text = (block: Buffer, field: Field): string => {
  const [offset, length] = FIELDS[field];
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
};

/** Octal text, or GNU's base-256 (high bit set) for sizes beyond 8 GiB. */
const number = (block: Buffer, field: Field, at: number): number => {
  const [offset, length] = FIELDS[field];
  const raw = block.subarray(offset, offset + length);
  if (((raw[0] ?? 0) & 0x80) !== 0) {
    let value = (raw[0] ?? 0) & 0x7f;
    for (const byte of raw.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value))
      throw new TarError(`corrupt archive: header ${field} out of range at byte ${at}`);
    return value;
  }
  const digits = text(block, field).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits))
    throw new TarError(`corrupt archive: header ${field} is not a number at byte ${at}`);
  return Number.parseInt(digits, 8);
};

export const isZeroBlock = (block: Buffer): boolean => block.every((byte) => byte === 0);

/** Decodes a header block found at byte `at` of the archive; checks its checksum. */
export const decodeHeader = (block: Buffer, at: number): ParsedHeader => {
  const stored = number(block, 'checksum', at);
  if (stored !== checksumOf(block)) throw new TarError(`corrupt archive: bad header checksum at byte ${at}`);
  const name = text(block, 'name');
  // GNU's own format (magic `ustar  `) keeps other data where POSIX has the prefix.
  const prefix = text(block, 'magic') === 'ustar' ? text(block, 'prefix') : '';
  return {
    name: prefix === '' ? name : `${prefix}/${name}`,
    typeflag: text(block, 'typeflag'),
    size: number(block, 'size', at),
  };
};

/** Zero bytes completing `size` to a whole number of blocks. */
export const paddingOf = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;
