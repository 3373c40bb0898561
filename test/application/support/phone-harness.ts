import * as E from 'fp-ts/lib/Either.js';
import { pino } from 'pino';
import { MemoryEventStore } from '../../../src/adapters/eventstore/memory/memory-event-store.js';
import { bootstrapSettings } from '../../../src/application/bootstrap-settings.js';
import { handleCommand } from '../../../src/application/command-handler.js';
import type { PipelineMode } from '../../../src/application/pipeline/phone-pipeline.js';
import type { ActivePlugins } from '../../../src/application/plugins/active-plugins.js';
import { seedDefaultConfigs } from '../../../src/application/seed/seed-configs.js';
import { baseRawConfig } from '../../../src/config/base-raw-config.js';
import type { DeviceInfo } from '../../../src/domain/device/document.js';
import { pluginDecider } from '../../../src/domain/plugin/decider.js';
import { pluginStream } from '../../../src/domain/streams.js';
import type { EventStore } from '../../../src/eventstore/port.js';
import type { IdentifyRequest } from '../../../src/plugin-runtime/contract.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../../../src/projections/read-models.js';
import { ProjectionRunner } from '../../../src/projections/runner/projection-runner.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';
import { createPhoneServices, type PhoneServices } from '../../../src/server/phone-services.js';

export interface PhoneHarness extends PhoneServices {
  readonly store: EventStore;
  readonly runner: ProjectionRunner;
  readonly readModels: ReadModels;
  readonly masterTenant: string;
  head(): Promise<number>;
  stop(): Promise<void>;
}

/** Majority vote is the plugin runtime's job; one plugin here, so its answer is the vote. */
const extractWith =
  (plugins: ActivePlugins) =>
  (request: IdentifyRequest): DeviceInfo => {
    const merged: Record<string, string> = {};
    for (const plugin of plugins.all()) Object.assign(merged, plugin.identify(request) ?? {});
    merged.ip = request.clientIp;
    if (request.protocol === 'dhcp') merged.mac = request.mac;
    return merged;
  };

export const startPhoneHarness = async (
  plugins: ActivePlugins,
  options: { mode?: PipelineMode; urlKey?: boolean } = {},
): Promise<PhoneHarness> => {
  const store = new MemoryEventStore();
  const db = openReadModelDb(':memory:');
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  await runner.start();
  const boot = await bootstrapSettings(store, { baseRawConfig: baseRawConfig('http://10.0.0.254:8667') });
  const seeded = await seedDefaultConfigs(store, { serverHost: '10.0.0.254', sipProxy: '10.0.0.254' });
  let last = Math.max(boot.position ?? -1, seeded ?? -1);
  for (const plugin of plugins.all()) {
    const installed = await handleCommand(
      store,
      pluginStream(plugin.id),
      pluginDecider,
      { type: 'InstallPlugin', pluginId: plugin.id, info: { version: plugin.version } },
      { source: 'system' },
    );
    if (E.isRight(installed)) last = Math.max(last, installed.right.position ?? -1);
  }
  await runner.waitFor(last);
  const readModels = createReadModels(db);
  const services = createPhoneServices({
    store,
    db,
    readModels,
    plugins,
    extract: extractWith(plugins),
    choosePlugin: (info) => {
      const best = plugins
        .all()
        .map((p) => ({ pluginId: p.id, score: p.associate(info) }))
        .sort((a, b) => b.score - a.score)[0];
      return best !== undefined && best.score >= 300 ? best : undefined;
    },
    waitFor: (position) => runner.waitFor(position),
    mode: options.mode ?? 'default',
    urlKey: options.urlKey ?? false,
    logger: pino({ level: 'silent' }),
  });
  return {
    ...services,
    store,
    runner,
    readModels,
    masterTenant: boot.masterTenant,
    head: () => store.headPosition(),
    async stop() {
      services.renderer.stop();
      await runner.stop();
      await store.close();
      db.close();
    },
  };
};
