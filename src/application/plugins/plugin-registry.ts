import * as E from 'fp-ts/lib/Either.js';
import type { DeviceInfo } from '../../domain/device/document.js';
import { choosePlugin, scorePlugins } from '../../plugin-runtime/association.js';
import type { IdentifyRequest } from '../../plugin-runtime/contract.js';
import { extractInfo } from '../../plugin-runtime/identification.js';
import {
  safeAssociate,
  safeIdentify,
  safeIsSensitive,
  safeRenderCommon,
  safeRenderDevice,
  safeSynchronize,
  safeTriggerFilename,
} from '../../plugin-runtime/isolate.js';
import { type LoadedPlugin, loadPlugin } from '../../plugin-runtime/load-plugin.js';
import type { PluginLogger } from '../../plugin-runtime/logger.js';
import type { ActivePlugin, ActivePlugins } from './active-plugins.js';

const activate = (loaded: LoadedPlugin, logger: PluginLogger): ActivePlugin => ({
  id: loaded.manifest.id,
  version: loaded.manifest.version,
  docRoot: loaded.docRoot,
  identify: (request) => safeIdentify(loaded, request, logger),
  associate: (info) => safeAssociate(loaded, info, logger) ?? 0,
  renderDevice: (input) =>
    E.mapLeft((f: { message: string }) => f.message)(safeRenderDevice(loaded, input, logger)),
  renderCommon: (base) =>
    E.mapLeft((f: { message: string }) => f.message)(safeRenderCommon(loaded, base, logger)),
  triggerFilename: (device) => safeTriggerFilename(loaded, device, logger),
  isSensitive: (filename) => safeIsSensitive(loaded, filename, logger) ?? false,
  synchronize: (device, raw) => safeSynchronize(loaded, device, raw, logger),
});

/**
 * The plugins provd runs. Plugins are loaded one at a time: at start-up every installed plugin
 * (a failure is logged and leaves that plugin out, never taking the server down), then as the
 * plugin manager installs, upgrades, reloads and uninstalls them.
 */
export class PluginRegistry implements ActivePlugins {
  #loaded = new Map<string, LoadedPlugin>();
  #active = new Map<string, ActivePlugin>();

  constructor(private readonly logger: PluginLogger) {}

  /** Loads the plugin in `dir` and runs it in place of the one loaded under its id, if any. */
  async load(dir: string): Promise<LoadedPlugin> {
    const loaded = await loadPlugin(dir);
    this.activate(loaded);
    return loaded;
  }

  /** Runs an already loaded plugin (the manager loads a new version before switching to it). */
  activate(loaded: LoadedPlugin): void {
    this.#loaded.set(loaded.manifest.id, loaded);
    this.#active.set(loaded.manifest.id, activate(loaded, this.logger));
  }

  /** Stops running the plugin; returns what was loaded, so a failed change can put it back. */
  unload(id: string): LoadedPlugin | undefined {
    const loaded = this.#loaded.get(id);
    this.#loaded.delete(id);
    this.#active.delete(id);
    return loaded;
  }

  /** The loaded plugin (manifest, folder, templates), or undefined. */
  loaded(id: string): LoadedPlugin | undefined {
    return this.#loaded.get(id);
  }

  get(id: string): ActivePlugin | undefined {
    return this.#active.get(id);
  }

  all(): readonly ActivePlugin[] {
    return [...this.#active.values()];
  }

  /** Every loaded plugin's identification, merged by majority vote (provd-spec §3.2). */
  extract(request: IdentifyRequest): DeviceInfo {
    return extractInfo(request, [...this.#loaded.values()], this.logger);
  }

  /** The best-scoring plugin ≥ PROBABLE, ties broken by version (provd-spec §3.5). */
  choose(info: DeviceInfo): { pluginId: string; score: number } | undefined {
    const best = choosePlugin(scorePlugins([...this.#loaded.values()], info, this.logger));
    return best && { pluginId: best.pluginId, score: best.score };
  }
}
