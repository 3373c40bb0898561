import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_EXTRACT_LIMITS, extractTarGz } from '../../adapters/tar/index.js';
import { loadPlugin } from '../../plugin-runtime/load-plugin.js';
import { type PluginLogger, silentLogger } from '../../plugin-runtime/logger.js';
import type { ActivePlugin } from '../plugins/active-plugins.js';
import type { PluginDirs } from '../plugins/installed/plugin-dirs.js';
import { PluginRegistry } from '../plugins/plugin-registry.js';

/** A plugin as it was at one of its versions, ready to render; why not when it cannot be had. */
export interface PluginVersions {
  get(id: string, version: string, sha256?: string): Promise<E.Either<string, ActivePlugin>>;
  close(): Promise<void>;
}

const fileSha256 = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Old plugin versions from the packages kept in `<plugins>/.cache/` (PluginDirs.keepPackage):
 * each is extracted once into a private temporary folder and loaded there, away from the
 * running plugins (Node keeps imported modules by path, so the running version is not touched
 * and the old one stays loaded for the life of this object). The version running now is taken
 * as it is. A kept package whose sha256 is not the one the log recorded is refused.
 */
export class KeptPluginVersions implements PluginVersions {
  readonly #loaded = new Map<string, Promise<E.Either<string, ActivePlugin>>>();
  #workDir: Promise<string> | undefined;
  #extracted = 0;
  #closed = false;

  constructor(
    private readonly deps: {
      readonly dirs: PluginDirs;
      /** The version installed now, if it can be loaded. */
      readonly installed: (id: string) => Promise<ActivePlugin | undefined>;
      readonly logger?: PluginLogger;
    },
  ) {}

  async get(id: string, version: string, sha256?: string): Promise<E.Either<string, ActivePlugin>> {
    const current = await this.deps.installed(id);
    if (current?.version === version) return E.right(current);
    const key = JSON.stringify([id, version, sha256 ?? null]);
    let loading = this.#loaded.get(key);
    if (loading === undefined) {
      loading = this.#load(id, version, sha256);
      this.#loaded.set(key, loading);
      // A refusal is not remembered: the package may be kept by the next install of that version.
      void loading.then((result) => {
        if (E.isLeft(result)) this.#loaded.delete(key);
      });
    }
    return loading;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const dir = await this.#workDir?.catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }

  async #load(
    id: string,
    version: string,
    sha256: string | undefined,
  ): Promise<E.Either<string, ActivePlugin>> {
    const archive = this.deps.dirs.cachedPackage(id, version);
    if (!(await exists(archive))) {
      return E.left(
        `the package of plugin ${id} ${version} was not kept (installed before provd kept plugin packages in plugins/.cache)`,
      );
    }
    if (sha256 !== undefined && (await fileSha256(archive)) !== sha256) {
      return E.left(
        `the kept package of plugin ${id} ${version} is not the one installed then (sha256 differs)`,
      );
    }
    if (this.#closed) return E.left('the audit service is closed');
    try {
      this.#workDir ??= mkdtemp(join(tmpdir(), 'provd-audit-plugins-'));
      const holder = join(await this.#workDir, String(this.#extracted++));
      const dir = join(holder, id);
      await mkdir(dir, { recursive: true });
      await extractTarGz(archive, dir, DEFAULT_EXTRACT_LIMITS);
      const registry = new PluginRegistry(this.deps.logger ?? silentLogger);
      registry.activate(await loadPlugin(dir));
      const plugin = registry.get(id);
      return plugin === undefined ? E.left(`plugin ${id} ${version} did not load`) : E.right(plugin);
    } catch (error) {
      return E.left(`plugin ${id} ${version} could not be loaded: ${messageOf(error)}`);
    }
  }
}
