import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { buildRepository } from './build-repository.js';
import { INDEX_FILE } from './plugin-index.js';

export interface BundledRepositoryOptions {
  /** The repository `npm run build` makes (`dist/plugin-repo/`), used when it is there. */
  readonly built: string | undefined;
  /** The plugins to package when there is no built repository (the source `plugins/`). */
  readonly sourcePluginsDir: string;
  /** Where to package them. */
  readonly workDir: string;
}

/**
 * The repository of the plugins shipped with provd: the built one, or, when provd runs from its
 * sources (tests, tsx), one packaged from the source plugins on the spot.
 */
export const bundledRepository = async ({
  built,
  sourcePluginsDir,
  workDir,
}: BundledRepositoryOptions): Promise<string> => {
  const isBuilt =
    built !== undefined &&
    (await access(join(built, INDEX_FILE)).then(
      () => true,
      () => false,
    ));
  if (isBuilt) return built;
  await buildRepository({ pluginsDir: sourcePluginsDir, outDir: workDir });
  return workDir;
};
