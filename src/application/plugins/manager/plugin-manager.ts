import { rm } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { DownloadOptions } from '../../../adapters/download/index.js';
import type { PluginCommand } from '../../../domain/plugin/commands.js';
import type { EventMetadata } from '../../../eventstore/envelope.js';
import type { EventStore } from '../../../eventstore/port.js';
import type { PluginPackageDefinition } from '../../../plugin-runtime/contract.js';
import type { PluginReadModel } from '../../../projections/plugins/plugin-read-model.js';
import { runPluginCommand } from '../../aggregates.js';
import type { Operation } from '../../operations/operation.js';
import { KeyedQueue } from '../../pipeline/keyed-queue.js';
import { carryPackages, readPackageRecords, removePackage } from '../installed/package-records.js';
import type { PluginDirs } from '../installed/plugin-dirs.js';
import type { PluginRegistry } from '../plugin-registry.js';
import type { IndexEntry } from '../repository/plugin-index.js';
import { invalidRequest, PluginManagerError } from './errors.js';
import { fetchIndex, readCachedIndex } from './index-cache.js';
import { DEFAULT_LIMITS, type PluginManagerLimits } from './limits.js';
import {
  type InstallablePackageInfo,
  type InstallablePluginInfo,
  type InstalledPluginInfo,
  infoOf,
  installedInfo,
  type PackageInfo,
  packageInfo,
} from './plugin-info.js';
import { fetchPackageFiles, packageSize, placePackage } from './plugin-package.js';
import { copyInstallation } from './reload.js';
import { stagePlugin } from './stage-plugin.js';

export interface ManagerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface PluginManagerDeps {
  readonly store: EventStore;
  /** Installed plugins and packages, as the log says (the plugins read model). */
  readonly plugins: Pick<PluginReadModel, 'get' | 'list'>;
  readonly registry: PluginRegistry;
  readonly dirs: PluginDirs;
  /** The plugin repository now (the `plugin_server` parameter, else the bundled one). */
  readonly repository: () => string | undefined;
  /** The proxies now (`http_proxy`, `https_proxy` parameters). */
  readonly proxies?: () => DownloadOptions['proxies'];
  /** Resolves once the read models have applied the event at this position. */
  readonly waitFor: (position: number) => Promise<void>;
  readonly logger?: ManagerLogger;
  /**
   * A plugin's code was reloaded without any event: its devices' files must be rendered again
   * (the composition root marks them in the render queue).
   */
  readonly onReloaded?: (pluginId: string) => void | Promise<void>;
  readonly limits?: Partial<PluginManagerLimits>;
  /** Extra trusted CAs for https repositories. */
  readonly ca?: string | Buffer;
}

const SYSTEM: EventMetadata = { source: 'system' };
const silent: ManagerLogger = { info: () => {}, error: () => {} };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The plugin service the REST API and the CLI call (provd-spec §6.3, §6.5). Refusals are thrown
 * at once as PluginManagerError; accepted long operations (index update, install, upgrade,
 * package install) return at once and report on the Operation they are given, which the caller
 * exposes as an operation in progress (§1.7). A failure after that point only shows there.
 *
 * Changes to one plugin are serialised; an install or upgrade switches to the new version only
 * once it is downloaded, checked, extracted and loaded, and records PluginInstalled /
 * PluginUpgraded after the switch, so the devices it re-renders get the new code.
 */
export class PluginManager {
  readonly #deps: PluginManagerDeps;
  readonly #limits: PluginManagerLimits;
  readonly #logger: ManagerLogger;
  readonly #queue = new KeyedQueue();
  /** Plugins with an install or upgrade running. */
  readonly #pluginOps = new Set<string>();
  /** `<plugin>/<package>` with an install running. */
  readonly #packageOps = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #updating = false;

  constructor(deps: PluginManagerDeps) {
    this.#deps = deps;
    this.#limits = { ...DEFAULT_LIMITS, ...deps.limits };
    this.#logger = deps.logger ?? silent;
  }

  /** The installed plugins by id. */
  installed(): Record<string, InstalledPluginInfo> {
    return Object.fromEntries(this.#deps.plugins.list().map(({ id, info }) => [id, installedInfo(info)]));
  }

  /**
   * The plugins of the cached index (`update` fetches it): `{}` before the first update.
   * Throws InvalidPluginIndex when the cached copy is corrupt.
   */
  installable(): Record<string, InstallablePluginInfo> {
    return Object.fromEntries(
      Object.entries(readCachedIndex(this.#deps.dirs)).map(([id, { filename: _, ...entry }]) => [id, entry]),
    );
  }

  /**
   * Fetches the repository's `plugins.db` in the background (op `update|progress;<bytes>`). A
   * failed or corrupt download leaves the cached copy as it was. Refused (`unavailable`) while
   * another update runs or when there is no repository.
   */
  updateIndex(op: Operation): void {
    if (this.#updating)
      throw new PluginManagerError('unavailable', 'an update operation is already in progress');
    const repository = this.#deps.repository();
    if (repository === undefined) throw new PluginManagerError('unavailable', "'server' has no value set");
    this.#updating = true;
    op.start();
    this.#background(async () => {
      try {
        await fetchIndex({
          repository,
          dirs: this.#deps.dirs,
          download: this.#downloadOptions(),
          limits: this.#limits,
          onProgress: (bytes) => op.progress(bytes),
        });
        op.succeed();
        this.#logger.info({ repository }, 'plugin index updated');
      } catch (error) {
        op.fail(messageOf(error));
        this.#logger.error({ repository, err: error }, 'plugin index update failed');
      } finally {
        this.#updating = false;
      }
    });
  }

  /**
   * Installs a plugin of the cached index in the background (op `install`, child `download`).
   * Refused when it is installed, unknown to the index, already being installed or upgraded, or
   * when there is no repository.
   */
  install(id: string, op: Operation, metadata: EventMetadata = SYSTEM): void {
    if (this.#deps.plugins.get(id) !== undefined) throw invalidRequest(`plugin ${id} is already installed`);
    this.#startPluginOperation(id, op, metadata, undefined);
  }

  /** Installs the index's version over the installed one (same operation shape as install). */
  upgrade(id: string, op: Operation, metadata: EventMetadata = SYSTEM): void {
    if (this.#deps.plugins.get(id) === undefined)
      throw invalidRequest(`plugin ${id} is not already installed`);
    this.#startPluginOperation(id, op, metadata, 'upgrade');
  }

  /**
   * Stops running the plugin, records PluginUninstalled (its devices become unconfigured) and
   * removes its folder, installed packages included.
   */
  async uninstall(id: string, metadata: EventMetadata = SYSTEM): Promise<void> {
    if (this.#deps.plugins.get(id) === undefined) throw invalidRequest('plugin not found');
    this.#refuseBusyPlugin(id);
    await this.#queue.run(id, async () => {
      const loaded = this.#deps.registry.unload(id);
      const position = await this.#record({ type: 'UninstallPlugin', pluginId: id }, metadata).catch(
        (error) => {
          if (loaded !== undefined) this.#deps.registry.activate(loaded);
          throw error;
        },
      );
      await this.#settle(position);
      await this.#deps.dirs.discard(await this.#deps.dirs.deactivate(id));
      this.#logger.info({ plugin: id }, 'plugin uninstalled');
    });
  }

  /**
   * Loads the plugin's code again from its folder (a development aid: edit, then reload) and has
   * its devices rendered again. Refused when it is not installed or the code does not load; the
   * running code stays then.
   */
  async reload(id: string): Promise<void> {
    if (this.#deps.plugins.get(id) === undefined) throw invalidRequest(`plugin ${id} is not installed`);
    this.#refuseBusyPlugin(id);
    await this.#queue.run(id, async () => {
      const { dirs, registry } = this.#deps;
      const current = await dirs.current(id);
      if (current === undefined) throw invalidRequest(`plugin ${id} has no folder to load from`);
      // A fresh copy: the code already imported from `current` is cached for good (plugin-dirs.ts).
      const copy = await copyInstallation(
        dirs,
        id,
        current,
        registry.loaded(id)?.manifest.version ?? 'reload',
      );
      try {
        await registry.load(copy);
      } catch (error) {
        await dirs.discard(copy);
        throw invalidRequest(`plugin ${id} could not be loaded: ${messageOf(error)}`);
      }
      await dirs.discard(await dirs.activate(id, copy));
      await this.#deps.onReloaded?.(id);
      this.#logger.info({ plugin: id }, 'plugin reloaded');
    });
  }

  /** The plugin's installed packages. `not_found` when the plugin is not installed. */
  installedPackages(pluginId: string): Record<string, PackageInfo> {
    const installed = this.#installedPlugin(pluginId);
    const definitions = this.#deps.registry.loaded(pluginId)?.manifest.packages ?? {};
    return Object.fromEntries(
      installed.packages.map(({ id, version }) => {
        const definition = Object.hasOwn(definitions, id) ? definitions[id] : undefined;
        return [
          id,
          definition === undefined ? { version, description: '' } : { ...packageInfo(definition), version },
        ];
      }),
    );
  }

  /** The packages the plugin offers (its manifest's `packages`). */
  installablePackages(pluginId: string): Record<string, InstallablePackageInfo> {
    this.#installedPlugin(pluginId);
    return Object.fromEntries(
      Object.entries(this.#packageDefinitions(pluginId)).map(([id, pkg]) => [
        id,
        { ...packageInfo(pkg), dsize: packageSize(pkg) },
      ]),
    );
  }

  /**
   * Installs a package of the plugin in the background (op `install_pkg`, children `download`
   * with one child per file, then `install`). Refused when the plugin is not installed, the
   * package unknown, or the same package already being installed. A package can be reinstalled.
   */
  installPackage(pluginId: string, packageId: string, op: Operation, metadata: EventMetadata = SYSTEM): void {
    this.#installedPlugin(pluginId);
    const definitions = this.#packageDefinitions(pluginId);
    const definition = Object.hasOwn(definitions, packageId) ? definitions[packageId] : undefined;
    if (definition === undefined) throw invalidRequest('package not found');
    const key = `${pluginId}/${packageId}`;
    if (this.#packageOps.has(key)) {
      throw invalidRequest(`an install operation for package ${packageId} is already in progress`);
    }
    const repository = this.#deps.repository();
    if (repository === undefined) throw invalidRequest("'server' has no value set");
    this.#packageOps.add(key);
    op.start();
    const downloadOp = op.child('download');
    const installOp = op.child('install');
    this.#background(async () => {
      let files: string[] = [];
      try {
        files = await fetchPackageFiles({
          definition,
          repository,
          dirs: this.#deps.dirs,
          download: this.#downloadOptions(),
          limits: this.#limits,
          op: downloadOp,
        });
        installOp.start();
        await this.#queue.run(pluginId, async () => {
          const installation = await this.#deps.dirs.current(pluginId);
          if (installation === undefined) throw new Error(`plugin ${pluginId} is no longer installed`);
          const record = await placePackage(installation, packageId, definition, files);
          const position = await this.#record(
            {
              type: 'InstallPluginPackage',
              pluginId,
              packageId,
              version: record.version,
              sha256: record.sha256,
            },
            metadata,
          );
          await this.#settle(position);
        });
        installOp.succeed();
        op.succeed();
        this.#logger.info({ plugin: pluginId, package: packageId }, 'plugin package installed');
      } catch (error) {
        installOp.fail();
        op.fail(messageOf(error));
        this.#logger.error(
          { plugin: pluginId, package: packageId, err: error },
          'plugin package install failed',
        );
      } finally {
        // Downloads that were not placed (moved files are gone already).
        await Promise.all(files.map((file) => rm(file, { force: true })));
        this.#packageOps.delete(key);
      }
    });
  }

  /** Removes the package's files and records PluginPackageUninstalled. */
  async uninstallPackage(
    pluginId: string,
    packageId: string,
    metadata: EventMetadata = SYSTEM,
  ): Promise<void> {
    const plugin = this.#installedPlugin(pluginId);
    if (!plugin.packages.some((p) => p.id === packageId)) throw invalidRequest('package not found');
    await this.#queue.run(pluginId, async () => {
      const installation = await this.#deps.dirs.current(pluginId);
      const record =
        installation === undefined ? undefined : (await readPackageRecords(installation)).get(packageId);
      if (installation !== undefined && record !== undefined)
        await removePackage(installation, packageId, record);
      await this.#settle(
        await this.#record({ type: 'UninstallPluginPackage', pluginId, packageId }, metadata),
      );
    });
  }

  /** Resolves once every background operation started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #startPluginOperation(
    id: string,
    op: Operation,
    metadata: EventMetadata,
    kind: 'upgrade' | undefined,
  ): void {
    this.#refuseBusyPlugin(id);
    const index = readCachedIndex(this.#deps.dirs);
    const entry = Object.hasOwn(index, id) ? index[id] : undefined;
    if (entry === undefined) throw invalidRequest(`plugin ${id} is not in the plugin index`);
    const repository = this.#deps.repository();
    if (repository === undefined) throw invalidRequest("'server' has no value set");
    this.#pluginOps.add(id);
    op.start();
    this.#background(async () => {
      try {
        await this.installFrom(repository, id, entry, { op, metadata, upgrade: kind === 'upgrade' });
        op.succeed();
      } catch (error) {
        op.fail(messageOf(error));
        this.#logger.error({ plugin: id, err: error }, `plugin ${kind ?? 'install'} failed`);
      } finally {
        this.#pluginOps.delete(id);
      }
    });
  }

  /**
   * Downloads, checks, extracts and loads `entry` from `repository`, switches to it and records
   * PluginInstalled or PluginUpgraded. Also used at start-up for the bundled plugins. Throws
   * when anything fails; the running version (if any) is then untouched.
   */
  async installFrom(
    repository: string,
    id: string,
    entry: IndexEntry,
    {
      op,
      metadata = SYSTEM,
      upgrade = false,
    }: { op?: Operation; metadata?: EventMetadata; upgrade?: boolean } = {},
  ): Promise<void> {
    const { dirs, registry } = this.#deps;
    const staged = await this.#stage(repository, id, entry, op);
    await this.#queue.run(id, async () => {
      // Inside the plugin's queue: no package install can slip in between the copy and the switch.
      const previous = upgrade ? await dirs.current(id) : undefined;
      if (previous !== undefined) {
        await carryPackages(previous, staged.installation).catch(async (error: unknown) => {
          await dirs.discard(staged.installation);
          throw error;
        });
      }
      const replaced = await dirs.activate(id, staged.installation);
      const running = registry.unload(id);
      registry.activate(staged.loaded);
      const info = infoOf(staged.loaded.manifest, staged.sha256);
      const command: PluginCommand = upgrade
        ? { type: 'UpgradePlugin', pluginId: id, info }
        : { type: 'InstallPlugin', pluginId: id, info };
      let position: number | undefined;
      try {
        position = await this.#record(command, metadata);
      } catch (error) {
        // Back to how it was: the old version (if any) active and running.
        registry.unload(id);
        if (running !== undefined) registry.activate(running);
        if (replaced !== undefined) await dirs.activate(id, replaced);
        else await dirs.deactivate(id);
        await dirs.discard(staged.installation);
        throw error;
      }
      await this.#settle(position);
      await dirs.discard(replaced);
      this.#logger.info(
        { plugin: id, version: entry.version },
        upgrade ? 'plugin upgraded' : 'plugin installed',
      );
    });
  }

  /** Downloads, checks, extracts and loads a version next to the running one. */
  #stage(repository: string, id: string, entry: IndexEntry, op?: Operation) {
    return stagePlugin({
      id,
      entry,
      repository,
      dirs: this.#deps.dirs,
      download: this.#downloadOptions(),
      limits: this.#limits,
      ...(op === undefined ? {} : { op }),
    });
  }

  /**
   * Puts back the plugin's folder without recording anything (the log already says it is
   * installed at this version, but the folder is gone: a new data folder, an old layout).
   */
  async restoreFrom(repository: string, id: string, entry: IndexEntry): Promise<void> {
    const { dirs, registry } = this.#deps;
    const staged = await this.#stage(repository, id, entry);
    await this.#queue.run(id, async () => {
      await dirs.discard(await dirs.activate(id, staged.installation));
      registry.activate(staged.loaded);
    });
  }

  #refuseBusyPlugin(id: string): void {
    if (this.#pluginOps.has(id)) {
      throw invalidRequest(`an install/upgrade operation for plugin ${id} is already in progress`);
    }
  }

  #installedPlugin(pluginId: string) {
    const plugin = this.#deps.plugins.get(pluginId);
    if (plugin === undefined)
      throw new PluginManagerError('not_found', `plugin ${pluginId} is not installed`);
    return plugin;
  }

  #packageDefinitions(pluginId: string): { readonly [id: string]: PluginPackageDefinition } {
    return this.#deps.registry.loaded(pluginId)?.manifest.packages ?? {};
  }

  #downloadOptions(): Pick<DownloadOptions, 'proxies' | 'ca'> {
    return {
      proxies: this.#deps.proxies?.() ?? {},
      ...(this.#deps.ca === undefined ? {} : { ca: this.#deps.ca }),
    };
  }

  /** Appends the command's events; the position of the last one (undefined: nothing changed). */
  async #record(command: PluginCommand, metadata: EventMetadata): Promise<number | undefined> {
    const result = await runPluginCommand(this.#deps.store, command, metadata);
    if (E.isLeft(result)) throw new Error(result.left.message);
    return result.right.position;
  }

  async #settle(position: number | undefined): Promise<void> {
    if (position !== undefined) await this.#deps.waitFor(position);
  }

  #background(task: () => Promise<void>): void {
    const running = task();
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
  }
}
