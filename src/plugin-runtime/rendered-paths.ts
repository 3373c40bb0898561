import type { RenderedFile } from './contract.js';

/**
 * Why a rendered file's path is refused, or undefined when it is safe. A plugin only writes
 * inside its own area: relative `/`-separated paths, no `.`/`..` or empty segments, no
 * backslash (a Windows separator) and no NUL.
 */
export const unsafePathReason = (path: string): string | undefined => {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is absolute';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'contains ".."';
  if (segments.some((s) => s === '' || s === '.')) return 'contains an empty or "." segment';
  return undefined;
};

/** The first problem of a plugin's render result, or undefined when every file is acceptable. */
export const renderedFilesProblem = (files: unknown): string | undefined => {
  if (!Array.isArray(files)) return 'did not return a list of files';
  const seen = new Set<string>();
  for (const file of files as readonly Partial<RenderedFile>[]) {
    if (typeof file?.path !== 'string' || typeof file.content !== 'string') {
      return 'returned a file without a string path and content';
    }
    const reason = unsafePathReason(file.path);
    if (reason !== undefined) return `rendered path ${JSON.stringify(file.path)} ${reason}`;
    if (seen.has(file.path)) return `rendered path ${JSON.stringify(file.path)} twice`;
    seen.add(file.path);
  }
  return undefined;
};
