import { join } from 'node:path';
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
 * The plugins provd runs: the installed ones (per the plugins read model) whose code loads.
 * Plugin code lives in a plugins directory (the shipped `plugins/`, compiled into the build);
 * a plugin that fails to load is logged and left out, never taking the server down.
 */
export class PluginRegistry implements ActivePlugins {
  #loaded = new Map<string, LoadedPlugin>();
  #active = new Map<string, ActivePlugin>();

  constructor(
    private readonly pluginsDir: string,
    private readonly logger: PluginLogger,
  ) {}

  /** Loads what is installed and not loaded yet (or loaded at another version), drops the rest. */
  async sync(installed: readonly { readonly id: string; readonly version: string }[]): Promise<void> {
    const wanted = new Map(installed.map((p) => [p.id, p.version]));
    for (const id of this.#loaded.keys()) {
      if (!wanted.has(id)) this.#drop(id);
    }
    for (const [id, version] of wanted) {
      if (this.#loaded.get(id)?.manifest.version === version) continue;
      try {
        const loaded = await loadPlugin(join(this.pluginsDir, id));
        if (loaded.manifest.version !== version) {
          this.logger.warn(
            { plugin: id, installed: version, available: loaded.manifest.version },
            'plugin code is at another version than the installed one: loading it anyway',
          );
        }
        this.#loaded.set(id, loaded);
        this.#active.set(id, activate(loaded, this.logger));
      } catch (error) {
        this.#drop(id);
        this.logger.error({ plugin: id, err: error }, 'plugin could not be loaded');
      }
    }
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

  #drop(id: string): void {
    this.#loaded.delete(id);
    this.#active.delete(id);
  }
}
