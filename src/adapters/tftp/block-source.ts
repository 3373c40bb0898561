/**
 * Where a read transfer's bytes come from. A source is read front to back exactly once; the
 * transfer keeps the packets of its unacknowledged window for retransmission, so a source never
 * has to go back, and a file is never held whole in memory.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { encodeNetascii } from './netascii.js';

export interface BlockSource {
  /** Bytes the client will receive, when known before the transfer starts (tsize, last block). */
  readonly size: number | undefined;
  /** Fills `target` from its start; fewer bytes than `target.length` means the content ended. */
  read(target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** The file got shorter than the size the resolver announced: the client must not get a cut file. */
export class ContentChangedError extends Error {
  override readonly name = 'ContentChangedError';
}

export class BufferSource implements BlockSource {
  readonly size: number;
  #offset = 0;

  constructor(private readonly data: Uint8Array) {
    this.size = data.length;
  }

  async read(target: Uint8Array): Promise<number> {
    const n = Math.min(target.length, this.data.length - this.#offset);
    target.set(this.data.subarray(this.#offset, this.#offset + n));
    this.#offset += n;
    return n;
  }

  async close(): Promise<void> {}
}

/** Reads ahead in chunks so a 512-byte lock-step transfer does not cost one thread-pool trip per block. */
const READ_AHEAD = 32 * 1024;

export class FileSource implements BlockSource {
  readonly #chunk: Buffer;
  #chunkStart = 0;
  #chunkEnd = 0;
  /** Next file position to read into the chunk. */
  #position = 0;
  #closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    blockSize: number,
  ) {
    this.#chunk = Buffer.allocUnsafe(Math.max(1, Math.min(size, Math.max(blockSize, READ_AHEAD))));
  }

  /** Opens once per transfer; positional reads from then on, so nothing shares a file offset. */
  static async open(path: string, size: number, blockSize: number): Promise<FileSource> {
    const handle = await open(path, constants.O_RDONLY);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: 'EISDIR' });
      if (stat.size < size) throw new ContentChangedError(`${path} has ${stat.size} bytes, expected ${size}`);
      return new FileSource(handle, size, blockSize);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async read(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length) {
      if (this.#chunkStart === this.#chunkEnd && !(await this.#refill())) break;
      const n = Math.min(target.length - filled, this.#chunkEnd - this.#chunkStart);
      target.set(this.#chunk.subarray(this.#chunkStart, this.#chunkStart + n), filled);
      this.#chunkStart += n;
      filled += n;
    }
    return filled;
  }

  async #refill(): Promise<boolean> {
    const wanted = Math.min(this.#chunk.length, this.size - this.#position);
    if (wanted <= 0) return false;
    const { bytesRead } = await this.handle.read(this.#chunk, 0, wanted, this.#position);
    if (bytesRead === 0) {
      throw new ContentChangedError(`file ended at ${this.#position} of ${this.size} bytes`);
    }
    this.#position += bytesRead;
    this.#chunkStart = 0;
    this.#chunkEnd = bytesRead;
    return true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.handle.close();
  }
}

/**
 * netascii over another source, converted on the fly. Its size is unknown in advance (it would take
 * a full extra read of the file to count line ends), so a netascii file transfer carries no tsize.
 */
export class NetasciiSource implements BlockSource {
  readonly size = undefined;
  #pending: Uint8Array = new Uint8Array(0);
  #scratch: Uint8Array = new Uint8Array(0);
  #ended = false;

  constructor(private readonly inner: BlockSource) {}

  async read(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length) {
      if (this.#pending.length === 0) {
        if (this.#ended) break;
        if (this.#scratch.length !== target.length) this.#scratch = new Uint8Array(target.length);
        const n = await this.inner.read(this.#scratch);
        if (n < this.#scratch.length) this.#ended = true;
        this.#pending = encodeNetascii(this.#scratch.subarray(0, n));
        continue;
      }
      const n = Math.min(target.length - filled, this.#pending.length);
      target.set(this.#pending.subarray(0, n), filled);
      this.#pending = this.#pending.subarray(n);
      filled += n;
    }
    return filled;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The source for a resolver's answer, converted to netascii when the client asked for it. */
export const openBlockSource = async (
  content: { kind: 'buffer'; data: Uint8Array } | { kind: 'file'; path: string; size: number },
  mode: 'octet' | 'netascii',
  blockSize: number,
): Promise<BlockSource> => {
  if (content.kind === 'buffer') {
    // Generated content is small: convert it once, so the exact converted size goes into tsize.
    return new BufferSource(mode === 'netascii' ? encodeNetascii(content.data) : content.data);
  }
  const file = await FileSource.open(content.path, content.size, blockSize);
  return mode === 'netascii' ? new NetasciiSource(file) : file;
};
