import { configDecider } from '../../domain/config/decider.js';
import type { ConfigDocument } from '../../domain/config/events.js';
import { flattenRawConfig } from '../../domain/config/flatten.js';
import { deviceDecider } from '../../domain/device/decider.js';
import type { DeviceState } from '../../domain/device/state.js';
import { pluginDecider } from '../../domain/plugin/decider.js';
import type { PluginState } from '../../domain/plugin/state.js';
import { settingsDecider } from '../../domain/settings/decider.js';
import type { SettingsState } from '../../domain/settings/state.js';
import type { JsonObject } from '../../domain/shared/json.js';
import { configStream, deviceStream, pluginStream, SETTINGS_STREAM } from '../../domain/streams.js';
import type { EventStore } from '../../eventstore/port.js';
import { loadState } from '../command-handler.js';

/**
 * The log folded up to an instant, one stream at a time and only the streams asked for: a
 * device, its configs (ancestors included), the settings (base raw config, provisioning keys,
 * master tenant) and its plugin as they were then. Each stream is read once per instance.
 */
export class PointInTime {
  readonly #streams = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    readonly at: Date,
  ) {}

  device(id: string): Promise<{ readonly state: DeviceState; readonly revision: number }> {
    return this.#load(deviceStream(id), () =>
      loadState(this.store, deviceStream(id), deviceDecider, this.#until),
    );
  }

  settings(): Promise<SettingsState> {
    return this.#load(SETTINGS_STREAM, async () => {
      return (await loadState(this.store, SETTINGS_STREAM, settingsDecider, this.#until)).state;
    });
  }

  plugin(id: string): Promise<PluginState> {
    return this.#load(pluginStream(id), async () => {
      return (await loadState(this.store, pluginStream(id), pluginDecider, this.#until)).state;
    });
  }

  config(id: string): Promise<ConfigDocument | undefined> {
    return this.#load(configStream(id), async () => {
      return (await loadState(this.store, configStream(id), configDecider, this.#until)).state.config;
    });
  }

  /**
   * The config flattened over the base raw config as the configs read model flattened it then;
   * undefined when the config did not exist.
   */
  async flattened(configId: string): Promise<JsonObject | undefined> {
    const known = new Map<string, ConfigDocument | undefined>();
    const pending = [configId];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (known.has(id)) continue;
      const doc = await this.config(id);
      known.set(id, doc);
      for (const parent of Array.isArray(doc?.parent_ids) ? doc.parent_ids : []) pending.push(parent);
    }
    const base = (await this.settings()).baseRawConfig ?? {};
    return flattenRawConfig(configId, (id) => known.get(id), base);
  }

  get #until(): { readonly until: Date } {
    return { until: this.at };
  }

  #load<T>(stream: string, read: () => Promise<T>): Promise<T> {
    let loading = this.#streams.get(stream) as Promise<T> | undefined;
    if (loading === undefined) {
      loading = read();
      this.#streams.set(stream, loading);
    }
    return loading;
  }
}
