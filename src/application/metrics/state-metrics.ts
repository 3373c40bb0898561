import type { PluginHealth } from '../plugins/plugin-health.js';
import type { MetricsRegistry } from './registry/metrics-registry.js';

export interface StateSources {
  readonly store: { headPosition(): Promise<number> };
  readonly runner: { position(): number; health(): { readonly state: string } };
  readonly devices: {
    countByTenant(): ReadonlyMap<string, number>;
    countByPlugin(): ReadonlyMap<string, number>;
  };
  readonly plugins: () => PluginHealth;
}

/**
 * Gauges of provd's state, computed when Prometheus scrapes: the log's head and how far behind
 * the read models are, devices per tenant and per plugin (two GROUP BY over indexed columns),
 * plugins that failed to load.
 */
export const registerStateMetrics = (registry: MetricsRegistry, sources: StateSources): void => {
  const storeUp = registry.gauge({
    name: 'provd_eventstore_up',
    help: '1 when the event store answered the scrape, 0 when it failed (KurrentDB unreachable…).',
  });
  const head = registry.gauge({
    name: 'provd_eventstore_head_position',
    help: 'Position of the last event in the log (SQLite: event number; KurrentDB: commit position).',
  });
  const position = registry.gauge({
    name: 'provd_projection_position',
    help: 'Position of the log every read model has applied.',
  });
  const lag = registry.gauge({
    name: 'provd_projection_lag',
    help: 'Head position minus projection position: how far the read models are behind the log (0 when in step).',
  });
  const up = registry.gauge({
    name: 'provd_projection_up',
    help: '1 while the projections follow the log, 0 when they stopped (see /0.2/status for the failing event).',
  });
  const devices = registry.gauge({ name: 'provd_devices', help: 'Devices in the read model.' });
  const byTenant = registry.gauge({
    name: 'provd_devices_by_tenant',
    help: 'Devices per tenant.',
    labelNames: ['tenant'],
  });
  const byPlugin = registry.gauge({
    name: 'provd_devices_by_plugin',
    help: 'Devices per plugin (plugin="" for devices without one).',
    labelNames: ['plugin'],
  });
  const pluginsInstalled = registry.gauge({ name: 'provd_plugins_installed', help: 'Installed plugins.' });
  const pluginsNotLoaded = registry.gauge({
    name: 'provd_plugins_not_loaded',
    help: 'Installed plugins that are not running because their code could not be loaded (see the log).',
  });

  registry.collect(async () => {
    const reached = sources.runner.position();
    position.set({}, reached);
    up.set({}, sources.runner.health().state === 'running' ? 1 : 0);
    try {
      const last = await sources.store.headPosition();
      storeUp.set({}, 1);
      head.set({}, last);
      lag.set({}, Math.max(0, last - reached));
    } catch {
      // The failure itself is in /0.2/status and the log; the scrape reports what it can.
      storeUp.set({}, 0);
    }
  });
  registry.collect(() => {
    byTenant.reset();
    for (const [tenant, n] of sources.devices.countByTenant()) byTenant.set({ tenant }, n);
    byPlugin.reset();
    let total = 0;
    for (const [plugin, n] of sources.devices.countByPlugin()) {
      byPlugin.set({ plugin }, n);
      total += n;
    }
    devices.set({}, total);
    const health = sources.plugins();
    pluginsInstalled.set({}, health.installed);
    pluginsNotLoaded.set({}, health.notLoaded.length);
  });
};
