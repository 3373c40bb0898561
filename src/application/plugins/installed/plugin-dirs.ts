import { randomBytes } from 'node:crypto';
import {
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  symlink,
} from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

/**
 * Where installed plugins live: `<dataDir>/plugins/<id>` for each one, `plugins.db` (the cached
 * index) next to them.
 *
 * `<id>` is a symbolic link to `.versions/<id>-<version>-<random>/<id>/`, the installation itself
 * (a folder named after the plugin, as provd names a plugin after its folder).
 * Node keeps every module it imported for the life of the process, keyed by path: new code of a
 * plugin must come from a path never imported before, so each installation (and each reload) gets
 * its own folder. Pointing `<id>` at the new folder is one rename, which also makes an upgrade
 * atomic: until then the old folder is complete and in use. `.downloads/` holds downloads in
 * progress. `.cache/` keeps the package of every version ever installed: auditors re-render what
 * a phone got with the plugin version in force then (src/application/audit).
 */
export class PluginDirs {
  readonly versions: string;
  readonly downloads: string;
  readonly cache: string;

  constructor(readonly root: string) {
    this.versions = join(root, '.versions');
    this.downloads = join(root, '.downloads');
    this.cache = join(root, '.cache');
  }

  /** Where the package of a plugin version is kept: `.cache/<id>-<version>.tar.gz`. */
  cachedPackage(id: string, version: string): string {
    return join(this.cache, `${id}-${safeVersion(version)}.tar.gz`);
  }

  /**
   * Keeps a copy of an installed version's package (checked already). Written aside then renamed,
   * so a reader never meets half a package; a package of the same version is replaced.
   */
  async keepPackage(id: string, version: string, archive: string): Promise<void> {
    await mkdir(this.cache, { recursive: true });
    const temporary = join(this.cache, `.${randomBytes(6).toString('hex')}.part`);
    try {
      await copyFile(archive, temporary);
      await rename(temporary, this.cachedPackage(id, version));
    } finally {
      await rm(temporary, { force: true });
    }
  }

  get indexFile(): string {
    return join(this.root, 'plugins.db');
  }

  /**
   * Creates the folders and removes what an interrupted run left: downloads, and installation
   * folders no plugin points at.
   */
  async prepare(): Promise<void> {
    await mkdir(this.versions, { recursive: true });
    await rm(this.downloads, { recursive: true, force: true });
    await mkdir(this.downloads, { recursive: true });
    const inUse = new Set<string>();
    for (const id of await this.ids()) {
      const dir = await this.current(id);
      if (dir !== undefined) inUse.add(basename(dirname(dir)));
    }
    for (const name of await readdir(this.versions)) {
      if (!inUse.has(name)) await rm(join(this.versions, name), { recursive: true, force: true });
    }
  }

  /** The plugins that have a folder (links and plain folders; not the dot folders). */
  async ids(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => !e.name.startsWith('.') && (e.isSymbolicLink() || e.isDirectory()))
      .map((e) => e.name)
      .sort();
  }

  /** The real folder of the installed plugin, or undefined (not installed, or a dangling link). */
  async current(id: string): Promise<string | undefined> {
    try {
      return await realpath(join(this.root, id));
    } catch {
      return undefined;
    }
  }

  /** A new, empty installation folder (nothing points at it yet). */
  async newInstallation(id: string, version: string): Promise<string> {
    const holder = await mkdtemp(join(this.versions, `${id}-${safeVersion(version)}-`));
    await mkdir(join(holder, id));
    return join(holder, id);
  }

  /** Moves a plugin folder put in place by hand into `.versions/`, as if we had installed it. */
  async #adopt(id: string, folder: string): Promise<string> {
    const holder = await mkdtemp(join(this.versions, `${id}-adopted-`));
    await rename(folder, join(holder, id));
    return join(holder, id);
  }

  /** A path for a download in progress. */
  downloadPath(name: string): string {
    return join(this.downloads, `${randomBytes(6).toString('hex')}-${name}`);
  }

  /**
   * Makes `installation` the plugin's folder, atomically; returns the folder it replaces. A plain
   * folder found in the way (put there by hand) is moved into `.versions/` first.
   */
  async activate(id: string, installation: string): Promise<string | undefined> {
    const link = join(this.root, id);
    const previous = await this.current(id);
    const stats = await lstat(link).catch(() => undefined);
    if (stats?.isDirectory()) {
      const adopted = await this.#adopt(id, link);
      await this.#point(link, installation);
      return adopted;
    }
    await this.#point(link, installation);
    return previous;
  }

  async #point(link: string, installation: string): Promise<void> {
    const temporary = join(dirname(link), `.link-${randomBytes(6).toString('hex')}`);
    await symlink(relative(dirname(link), installation), temporary, 'dir');
    await rename(temporary, link);
  }

  /** Removes the plugin's link; returns the folder it pointed at (not removed). */
  async deactivate(id: string): Promise<string | undefined> {
    const link = join(this.root, id);
    const stats = await lstat(link).catch(() => undefined);
    if (stats === undefined) return undefined;
    if (!stats.isSymbolicLink()) return this.#adopt(id, link);
    const target = join(dirname(link), await readlink(link));
    await rm(link, { force: true });
    return target;
  }

  /** Removes an installation folder that nothing points at any more. */
  async discard(installation: string | undefined): Promise<void> {
    if (installation === undefined) return;
    const real = await realpath(installation).catch(() => undefined);
    if (real === undefined) return;
    // Only our own folders: a hand-placed plugin folder is moved into `.versions/` before this.
    if (dirname(dirname(real)) !== (await realpath(this.versions))) {
      throw new Error(`${installation}: not an installation folder of ${this.versions}`);
    }
    await rm(dirname(real), { recursive: true, force: true });
  }
}

/** A version as part of a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`. */
const safeVersion = (version: string): string => version.replace(/[^A-Za-z0-9._-]/g, '_');
