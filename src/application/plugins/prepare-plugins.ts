import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pluginDecider } from '../../domain/plugin/decider.js';
import { pluginStream } from '../../domain/streams.js';
import type { EventStore } from '../../eventstore/port.js';
import { compareVersions } from '../../plugin-runtime/association.js';
import type { ReadModels } from '../../projections/read-models.js';
import {
  markCommonDirty,
  markPluginDevicesDirty,
} from '../../projections/render-queue/render-queue-tables.js';
import type { ReadModelDb } from '../../projections/runner/projection.js';
import { loadState } from '../command-handler.js';
import { PluginDirs } from './installed/plugin-dirs.js';
import { PluginManager } from './manager/plugin-manager.js';
import { PluginRegistry } from './plugin-registry.js';
import { INDEX_FILE, type PluginIndex, parsePluginIndex } from './repository/plugin-index.js';
import { resolveInRepository } from './repository/repository-location.js';

export interface PluginsLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface PreparePluginsDeps {
  readonly store: EventStore;
  readonly readModels: Pick<ReadModels, 'plugins' | 'settings'>;
  /** The read-model database: a reloaded plugin's devices are marked there to be rendered again. */
  readonly db: ReadModelDb;
  readonly dataDir: string;
  /** A repository folder holding the plugins shipped with provd. */
  readonly bundledRepository: string;
  readonly logger: PluginsLogger;
  readonly waitFor: (position: number) => Promise<void>;
}

export interface PreparedPlugins {
  readonly registry: PluginRegistry;
  readonly manager: PluginManager;
}

const readBundledIndex = async (repository: string): Promise<PluginIndex> =>
  parsePluginIndex(await readFile(resolveInRepository(repository, INDEX_FILE), 'utf8'));

const text = (value: string | number | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : String(value);

/**
 * Start-up of the plugin side: installed plugins live in `<dataDir>/plugins/`. The plugins
 * shipped with provd are installed from the bundled repository the first time provd meets them
 * (PluginInstalled) and upgraded when provd ships a newer version (PluginUpgraded); one an admin
 * uninstalled stays uninstalled. A plugin the log says is installed but whose folder is gone is
 * put back from the bundled repository when it has that version. Then every installed plugin is
 * loaded; one that fails is logged and left out.
 *
 * The repository the manager uses is the `plugin_server` parameter, else the bundled one; the
 * proxies are the `http_proxy` and `https_proxy` parameters.
 */
export const preparePlugins = async (deps: PreparePluginsDeps): Promise<PreparedPlugins> => {
  const { store, readModels, db, logger, bundledRepository } = deps;
  const dirs = new PluginDirs(join(deps.dataDir, 'plugins'));
  await dirs.prepare();
  const registry = new PluginRegistry(logger);
  const settings = readModels.settings;
  const manager = new PluginManager({
    store,
    plugins: readModels.plugins,
    registry,
    dirs,
    repository: () => text(settings.parameter('plugin_server')) ?? bundledRepository,
    proxies: () => ({
      http: text(settings.parameter('http_proxy')),
      https: text(settings.parameter('https_proxy')),
    }),
    waitFor: deps.waitFor,
    logger,
    onReloaded: async (pluginId) => {
      const position = await store.headPosition();
      markPluginDevicesDirty(db, pluginId, position);
      markCommonDirty(db, pluginId, position);
    },
  });

  let bundled: PluginIndex = {};
  try {
    bundled = await readBundledIndex(bundledRepository);
  } catch (error) {
    logger.error(
      { repository: bundledRepository, err: error },
      'the bundled plugin repository cannot be read',
    );
  }
  for (const [id, entry] of Object.entries(bundled)) {
    try {
      const { state, revision } = await loadState(store, pluginStream(id), pluginDecider);
      const installed = state.installed;
      if (revision < 0) await manager.installFrom(bundledRepository, id, entry);
      else if (installed && compareVersions(entry.version, installed.version) > 0) {
        await manager.installFrom(bundledRepository, id, entry, { upgrade: true });
      } else if (installed?.version === entry.version && (await dirs.current(id)) === undefined) {
        await manager.restoreFrom(bundledRepository, id, entry);
      }
    } catch (error) {
      logger.error({ plugin: id, err: error }, 'shipped plugin could not be installed');
    }
  }

  for (const { id } of readModels.plugins.list()) {
    if (registry.loaded(id) !== undefined) continue;
    const dir = await dirs.current(id);
    if (dir === undefined) {
      logger.error({ plugin: id }, 'plugin is installed but its folder is missing: not loaded');
      continue;
    }
    try {
      await registry.load(dir);
    } catch (error) {
      logger.error({ plugin: id, err: error }, 'plugin could not be loaded');
    }
  }
  return { registry, manager };
};
