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
}

/** Wires the phone side: pipeline, file cache renderer and lookup, serving. */
export const createPhoneServices = (deps: PhoneServicesDeps): PhoneServices => {
  const { store, db, readModels, plugins, logger } = deps;
  const renderer = new FileCacheRenderer({
    db,
    readModels,
    plugins,
    urlKey: deps.urlKey,
    logger,
    onConfiguration: (deviceId, configured, error) => {
      runDeviceCommand(
        store,
        { type: 'RecordConfiguration', deviceId, configured, error },
        { source: 'system' },
      ).then(
        (result) => {
          if (E.isLeft(result) && result.left.code !== 'not_found') {
            logger.warn(
              { device: deviceId, reason: result.left.message },
              'configuration outcome not recorded',
            );
          }
        },
        (err: unknown) => logger.error({ err, device: deviceId }, 'configuration outcome not recorded'),
      );
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
  return { renderer, lookup, pipeline, files, dhcp: new DhcpService(pipeline, logger) };
};
