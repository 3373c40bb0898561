import { join } from 'node:path';
import type { ProxySettings } from '../../../src/adapters/download/index.js';
import { MemoryEventStore } from '../../../src/adapters/eventstore/memory/memory-event-store.js';
import { PluginDirs } from '../../../src/application/plugins/installed/plugin-dirs.js';
import type { PluginManagerLimits } from '../../../src/application/plugins/manager/limits.js';
import { PluginManager } from '../../../src/application/plugins/manager/plugin-manager.js';
import { PluginRegistry } from '../../../src/application/plugins/plugin-registry.js';
import { silentLogger } from '../../../src/plugin-runtime/logger.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../../../src/projections/read-models.js';
import { ProjectionRunner } from '../../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';
import { makeTempDir } from '../../support/temp-dir.js';

export interface ManagerHarness {
  readonly store: MemoryEventStore;
  readonly readModels: ReadModels;
  readonly dirs: PluginDirs;
  readonly registry: PluginRegistry;
  readonly manager: PluginManager;
  /** `<data dir>/plugins`. */
  readonly root: string;
  /** Types of the events recorded in plugin streams, in order (`plugin-test:PluginInstalled`). */
  pluginEvents(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly repository: () => string | undefined;
  readonly proxies?: () => ProxySettings;
  readonly limits?: Partial<PluginManagerLimits>;
  readonly onReloaded?: (pluginId: string) => void;
}

/** A plugin manager over the in-memory store and a real projection runner, in a temp data dir. */
export const startManagerHarness = async (options: HarnessOptions): Promise<ManagerHarness> => {
  const tmp = await makeTempDir('provd-plugin-manager-');
  const store = new MemoryEventStore();
  const db = openReadModelDb(':memory:');
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  await runner.start();
  const readModels = createReadModels(db);
  const dirs = new PluginDirs(join(tmp.path, 'plugins'));
  await dirs.prepare();
  const registry = new PluginRegistry(silentLogger);
  const manager = new PluginManager({
    store,
    plugins: readModels.plugins,
    registry,
    dirs,
    repository: options.repository,
    proxies: options.proxies,
    waitFor: (position) => runner.waitFor(position),
    limits: options.limits,
    onReloaded: options.onReloaded,
  });
  return {
    store,
    readModels,
    dirs,
    registry,
    manager,
    root: dirs.root,
    async pluginEvents() {
      const types: string[] = [];
      for await (const event of store.readAll()) {
        if (event.stream.startsWith('plugin-')) types.push(`${event.stream}:${event.type}`);
      }
      return types;
    },
    async stop() {
      await manager.idle();
      await runner.stop();
      await store.close();
      db.close();
      await tmp.remove();
    },
  };
};
