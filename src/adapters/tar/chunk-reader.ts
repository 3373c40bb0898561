import { TarError } from './tar-error.js';

/** Reads a byte stream in pieces of the sizes the tar parser asks for. */
export class ChunkReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #pending: Buffer = Buffer.alloc(0);
  #done = false;
  /** Bytes handed out so far: where the next read starts in the archive. */
  offset = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#chunks.next();
    if (next.done) {
      this.#done = true;
      return false;
    }
    this.#pending = this.#pending.length === 0 ? next.value : Buffer.concat([this.#pending, next.value]);
    return true;
  }

  #take(n: number): Buffer {
    const piece = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(n);
    this.offset += piece.length;
    return piece;
  }

  /** Exactly `n` bytes; undefined when the stream ended right here; TarError when it ends midway. */
  async exactly(n: number): Promise<Buffer | undefined> {
    while (this.#pending.length < n) {
      if (!(await this.#fill())) {
        if (this.#pending.length === 0) return undefined;
        throw new TarError(`truncated archive: ends at byte ${this.offset + this.#pending.length}`);
      }
    }
    return Buffer.from(this.#take(n));
  }

  /** Between 1 and `max` bytes (a file body is copied as it comes, not buffered whole). */
  async some(max: number): Promise<Buffer> {
    if (this.#pending.length === 0 && !(await this.#fill())) {
      throw new TarError(`truncated archive: ends at byte ${this.offset}`);
    }
    return this.#take(Math.min(max, this.#pending.length));
  }
}
