import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DownloadError } from './download-error.js';
import { displayUrl, httpGet } from './http-get.js';
import type { ProxySettings } from './proxies.js';

export interface DownloadOptions {
  readonly proxies?: ProxySettings;
  /** Refused beyond this many bytes, whatever the server or the index says. */
  readonly maxBytes: number;
  /** Fails when no byte arrives for this long (default 30 s). */
  readonly idleTimeoutMs?: number;
  /** The size announced by the index: more bytes than this is refused early. */
  readonly expectedSize?: number;
  /** sha256 (hex) the content must have; a mismatch deletes the file and fails. */
  readonly expectedSha256?: string;
  /** Called as bytes arrive; `total` when known (announced size or Content-Length). */
  readonly onProgress?: (bytes: number, total: number | undefined) => void;
  readonly ca?: string | Buffer;
}

export interface Downloaded {
  readonly size: number;
  readonly sha256: string;
}

interface Source {
  readonly name: string;
  readonly stream: Readable;
  readonly length: number | undefined;
}

const isHttp = (source: string): boolean => /^https?:\/\//i.test(source);

const openSource = async (
  source: string,
  options: DownloadOptions,
  idleTimeoutMs: number,
): Promise<Source> => {
  if (isHttp(source)) {
    const url = new URL(source);
    const response = await httpGet(url, { proxies: options.proxies ?? {}, idleTimeoutMs, ca: options.ca });
    const header = response.headers['content-length'];
    const length = header === undefined ? undefined : Number.parseInt(header, 10);
    return {
      name: displayUrl(url),
      stream: response,
      length: Number.isSafeInteger(length) ? length : undefined,
    };
  }
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new DownloadError(`${path}: ${(error as Error).message}`);
  }
  return { name: path, stream: createReadStream(path), length: size };
};

/**
 * Copies `source` (an http(s) URL, a `file:` URL or a path) into `dest`, streaming: progress as
 * bytes arrive, the size cap enforced while reading, the sha256 checked at the end. On any
 * failure `dest` is removed and a DownloadError says why.
 */
export const download = async (
  source: string,
  dest: string,
  options: DownloadOptions,
): Promise<Downloaded> => {
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const cap = Math.min(options.maxBytes, options.expectedSize ?? Number.POSITIVE_INFINITY);
  const file = await open(dest, 'w');
  let completed = false;
  try {
    const { name, stream, length } = await openSource(source, options, idleTimeoutMs);
    const fail = (message: string): DownloadError => {
      const error = new DownloadError(`${name}: ${message}`);
      stream.destroy(error);
      return error;
    };
    if (length !== undefined && length > cap) throw fail(`${length} bytes is more than the ${cap} allowed`);
    const total = options.expectedSize ?? length;
    const hash = createHash('sha256');
    let bytes = 0;
    let idle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => fail(`no data for ${idleTimeoutMs} ms`), idleTimeoutMs);
    };
    try {
      arm();
      options.onProgress?.(0, total);
      for await (const chunk of stream) {
        const piece = chunk as Buffer;
        bytes += piece.length;
        if (bytes > cap) throw fail(`more than the ${cap} bytes allowed`);
        hash.update(piece);
        await file.write(piece);
        options.onProgress?.(bytes, total);
        arm();
      }
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      throw new DownloadError(`${name}: ${(error as Error).message}`);
    } finally {
      clearTimeout(idle);
    }
    if (length !== undefined && bytes < length)
      throw new DownloadError(`${name}: got ${bytes} of ${length} bytes`);
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256.toLowerCase()) {
      throw new DownloadError(
        `${name}: checksum mismatch (sha256 ${sha256}, expected ${options.expectedSha256})`,
      );
    }
    completed = true;
    return { size: bytes, sha256 };
  } finally {
    await file.close();
    if (!completed) await rm(dest, { force: true });
  }
};
