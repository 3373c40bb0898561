import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSafeRelativePath } from '../../../plugin-runtime/manifest.js';

/**
 * A plugin repository is a folder (a path or a `file:` URL) or an http(s) base URL. Names in it
 * (the index's `filename`, a package's relative `url`) are resolved against it and may not leave
 * it; an http(s) URL is taken as it is.
 */
export class RepositoryLocationError extends Error {
  override readonly name = 'RepositoryLocationError';
}

const HTTP = /^https?:\/\//i;

export const isRemoteRepository = (repository: string): boolean => HTTP.test(repository);

const folderOf = (repository: string): string =>
  repository.startsWith('file:') ? fileURLToPath(repository) : resolve(repository);

/** Where `name` is: an http(s) URL or an absolute path. */
export const resolveInRepository = (repository: string, name: string): string => {
  if (HTTP.test(name)) return name;
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) || isAbsolute(name) || !isSafeRelativePath(name)) {
    throw new RepositoryLocationError(`"${name}" is not a name inside the plugin repository`);
  }
  if (HTTP.test(repository))
    return new URL(name, repository.endsWith('/') ? repository : `${repository}/`).href;
  return join(folderOf(repository), ...name.split('/'));
};
