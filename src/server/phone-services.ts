import * as E from 'fp-ts/lib/Either.js';
import type { Logger } from 'pino';
import { runDeviceCommand } from '../application/aggregates.js';
import { DhcpService } from '../application/dhcp/dhcp-service.js';
import { FileLookup } from '../application/file-cache/file-lookup.js';
import { HotSet } from '../application/file-cache/hot-set.js';
import { FileCacheRenderer } from '../application/file-cache/renderer.js';
import {
  PhonePipeline,
  type PipelineDeps,
  type PipelineMode,
} from '../application/pipeline/phone-pipeline.js';
import type { ActivePlugins } from '../application/plugins/active-plugins.js';
import { PhoneFileService } from '../application/serving/phone-file-service.js';
import { RemoteStateRecorder } from '../application/serving/remote-state.js';
import type { EventStore } from '../eventstore/port.js';
import type { ReadModels } from '../projections/read-models.js';
import type { ReadModelDb } from '../projections/runner/projection.js';

export interface PhoneServicesDeps {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly readModels: ReadModels;
  readonly plugins: ActivePlugins;
  readonly extract: PipelineDeps['extract'];
  readonly choosePlugin: PipelineDeps['choosePlugin'];
  readonly waitFor: (position: number) => Promise<void>;
  readonly mode: PipelineMode;
  readonly urlKey: boolean;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Bytes of rendered files kept in memory (default 64 MiB). */
  readonly hotSetBytes?: number;
}

export interface PhoneServices {
  readonly renderer: FileCacheRenderer;
  readonly lookup: FileLookup;
  readonly pipeline: PhonePipeline;
  readonly files: PhoneFileService;
  /** Behind POST /0.2/dev_mgr/dhcpinfo. */
  readonly dhcp: DhcpService;
  /**
   * Renders the device now if a change marked it and waits until its `configured` outcome is in
   * the read models: an admin's write is answered with the device as phones will see it.
   */
  configureNow(deviceId: string): Promise<void>;
}

/** Wires the phone side: pipeline, file cache renderer and lookup, serving. */
export const createPhoneServices = (deps: PhoneServicesDeps): PhoneServices => {
  const { store, db, readModels, plugins, logger } = deps;
  // Configuration outcomes being recorded, by device: configureNow waits for them.
  const recording = new Map<string, Promise<void>>();
  const renderer = new FileCacheRenderer({
    db,
    readModels,
    plugins,
    urlKey: deps.urlKey,
    logger,
    onConfiguration: (deviceId, configured, error) => {
      const previous = recording.get(deviceId) ?? Promise.resolve();
      const done = previous
        .then(() =>
          runDeviceCommand(
            store,
            { type: 'RecordConfiguration', deviceId, configured, error },
            { source: 'system' },
          ),
        )
        .then(
          async (result) => {
            if (E.isLeft(result)) {
              if (result.left.code !== 'not_found') {
                logger.warn(
                  { device: deviceId, reason: result.left.message },
                  'configuration outcome not recorded',
                );
              }
            } else if (result.right.position !== undefined) {
              await deps.waitFor(result.right.position);
            }
          },
          (err: unknown) => logger.error({ err, device: deviceId }, 'configuration outcome not recorded'),
        )
        .finally(() => {
          if (recording.get(deviceId) === done) recording.delete(deviceId);
        });
      recording.set(deviceId, done);
    },
  });
  const lookup = new FileLookup(db, renderer, new HotSet(deps.hotSetBytes ?? 64 * 1024 * 1024));
  const pipeline = new PhonePipeline({
    store,
    readModels,
    plugins,
    extract: deps.extract,
    choosePlugin: deps.choosePlugin,
    waitFor: deps.waitFor,
    mode: deps.mode,
    logger,
  });
  const files = new PhoneFileService(
    pipeline,
    lookup,
    new RemoteStateRecorder(store, readModels.configs),
    logger,
  );
  const configureNow = async (deviceId: string): Promise<void> => {
    renderer.renderIfDirty(deviceId);
    await recording.get(deviceId);
  };
  return { renderer, lookup, pipeline, files, dhcp: new DhcpService(pipeline, logger), configureNow };
};
