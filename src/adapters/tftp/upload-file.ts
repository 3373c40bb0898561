/** The temp file an upload is written to, beside its destination so the final rename is atomic. */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface UploadFile {
  readonly handle: FileHandle;
  readonly tempPath: string;
  /** Closes and deletes the temp file (upload abandoned before it started). */
  discard(): Promise<void>;
}

export const openUploadFile = async (path: string): Promise<UploadFile> => {
  // Hidden and unique: a reader listing the directory skips it, two uploads never share one.
  const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  const handle = await open(tempPath, 'wx', 0o640);
  return {
    handle,
    tempPath,
    discard: async () => {
      await handle.close();
      await rm(tempPath, { force: true });
    },
  };
};
