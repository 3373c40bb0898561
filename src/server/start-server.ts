import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildRestApp } from '../adapters/rest/rest-app.js';
import type { StatusReport } from '../adapters/rest/status-routes.js';
import { bootstrapSettings } from '../application/bootstrap-settings.js';
import { baseRawConfig } from '../config/base-raw-config.js';
import type { ServerConfig } from '../config/server-config.js';
import type { EventStore } from '../eventstore/port.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../projections/read-models.js';
import type { ReadModelDb } from '../projections/runner/projection.js';
import { ProjectionRunner } from '../projections/runner/projection-runner.js';
import { openReadModelDb } from '../projections/runner/read-model-db.js';
import { openEventStore } from './open-event-store.js';

export interface RunningServer {
  readonly store: EventStore;
  readonly runner: ProjectionRunner;
  readonly readModels: ReadModels;
  readonly rest: FastifyInstance;
  readonly masterTenant: string;
  /** The REST listener's address, e.g. http://127.0.0.1:8666. */
  readonly restUrl: string;
  stop(): Promise<void>;
}

/**
 * The composition root: event store, read models kept by the projection runner, start-up
 * settings, REST listener. The read model is served as soon as it has caught up with the log.
 */
export const startServer = async (config: ServerConfig, logger: Logger): Promise<RunningServer> => {
  const { store, description } = openEventStore(config);
  logger.info({ store: description }, 'event store opened');
  mkdirSync(config.dataDir, { recursive: true });
  const db: ReadModelDb = openReadModelDb(join(config.dataDir, 'readmodel.db'));
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS, logger });
  let rest: FastifyInstance | undefined;
  try {
    const started = Date.now();
    await runner.start();
    const boot = await bootstrapSettings(store, { baseRawConfig: baseRawConfig(config.advertisedUrl) });
    if (boot.position !== undefined) await runner.waitFor(boot.position);
    logger.info({ position: runner.position(), ms: Date.now() - started }, 'read models ready');
    rest = buildRestApp({ logger, status: { status: () => statusOf(store, runner) } });
    const restUrl = await rest.listen({ host: config.rest.host, port: config.rest.port });
    const app = rest;
    return {
      store,
      runner,
      readModels: createReadModels(db),
      rest: app,
      masterTenant: boot.masterTenant,
      restUrl,
      async stop() {
        await app.close();
        await runner.stop();
        await store.close();
        db.close();
      },
    };
  } catch (error) {
    await rest?.close();
    await runner.stop();
    await store.close();
    db.close();
    throw error;
  }
};

const statusOf = async (store: EventStore, runner: ProjectionRunner): Promise<StatusReport> => {
  const health = runner.health();
  let head = -1;
  let storeError: string | undefined;
  try {
    head = await store.headPosition();
  } catch (error) {
    storeError = (error as Error).message;
  }
  return {
    store: storeError ? { status: 'fail', head, error: storeError } : { status: 'ok', head },
    projections: {
      status:
        health.state === 'failed'
          ? 'fail'
          : health.storeTrouble
            ? 'reconnecting'
            : health.position < head
              ? 'catching-up'
              : 'ok',
      position: health.position,
      ...(health.error ? { error: health.error.message } : {}),
      ...(health.storeTrouble ? { error: health.storeTrouble.message } : {}),
    },
  };
};
