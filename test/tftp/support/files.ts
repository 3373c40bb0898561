import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';

/** Writes `size` random bytes in 1 MiB pieces (a 50 MiB fixture never sits whole in memory). */
export const writeRandomFile = async (path: string, size: number): Promise<void> => {
  const out = createWriteStream(path);
  for (let left = size; left > 0; left -= 1 << 20) {
    if (!out.write(randomBytes(Math.min(left, 1 << 20)))) {
      await new Promise<void>((resolve) => out.once('drain', resolve));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
};

/** SHA-256 of a file, or of its first `length` bytes. */
export const fileDigest = async (path: string, length?: number): Promise<string> => {
  const hash = createHash('sha256');
  const options = length === undefined ? {} : { start: 0, end: length - 1 };
  if (length === 0) return hash.digest('hex');
  for await (const chunk of createReadStream(path, options)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};
