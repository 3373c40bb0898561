import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { RouteContext } from '../adapters/rest/route-context.js';
import { adminRoutesWith, REBUILD_COLLECTION } from '../adapters/rest/routes/admin-routes.js';
import { ReadModelMaintenance } from '../application/maintenance/read-model-maintenance.js';
import type { OperationRegistry } from '../application/operations/operation.js';
import type { EventStore } from '../eventstore/port.js';
import { ALL_PROJECTIONS } from '../projections/read-models.js';
import type { ReadModelDb } from '../projections/runner/projection.js';
import type { ProjectionRunner } from '../projections/runner/projection-runner.js';

export interface ReadModelAdmin {
  /** `/admin/rebuild` and `/admin/verify`. */
  readonly routes: FastifyPluginAsync<RouteContext>;
  stop(): Promise<void>;
}

/**
 * Rebuild and verification of the server's read models, with the rebuild a previous process left
 * unfinished (killed, restarted) carried on at once: its monitor is the first of the collection.
 */
export const startReadModelAdmin = (parts: {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly file: string;
  readonly runner: ProjectionRunner;
  readonly operations: OperationRegistry;
  readonly logger: Logger;
}): ReadModelAdmin => {
  const maintenance = new ReadModelMaintenance({
    store: parts.store,
    db: parts.db,
    runner: parts.runner,
    projections: ALL_PROJECTIONS,
    file: parts.file,
    logger: parts.logger.child({ component: 'read-models' }),
  });
  const resumed = maintenance.resumePending();
  if (resumed !== undefined) parts.operations.add(REBUILD_COLLECTION, resumed);
  return { routes: adminRoutesWith(maintenance), stop: () => maintenance.stop() };
};
