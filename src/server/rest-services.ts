import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { authenticator } from '../adapters/rest/auth/authenticate.js';
import type { RouteContext } from '../adapters/rest/route-context.js';
import type { StatusSource } from '../adapters/rest/routes/status-routes.js';
import { ConfigAdmin } from '../application/admin/config-admin.js';
import { DeviceAdmin } from '../application/admin/device-admin.js';
import { DeviceFiles } from '../application/admin/device-files.js';
import { DeviceSync, type SyncTransport } from '../application/admin/device-sync.js';
import { ParamAdmin } from '../application/admin/param-admin.js';
import { openAuditService } from '../application/audit/open-audit-service.js';
import type { AuthBackend } from '../application/auth/auth-backend.js';
import { OperationRegistry } from '../application/operations/operation.js';
import type { ActivePlugins } from '../application/plugins/active-plugins.js';
import type { ParameterName } from '../domain/settings/events.js';
import type { EventStore } from '../eventstore/port.js';
import type { ReadModels } from '../projections/read-models.js';
import type { ReadModelDb } from '../projections/runner/projection.js';
import type { PhoneServices } from './phone-services.js';

export interface RestServicesDeps {
  readonly store: EventStore;
  readonly db: ReadModelDb;
  readonly readModels: ReadModels;
  readonly plugins: ActivePlugins;
  readonly phone: PhoneServices;
  readonly auth: AuthBackend;
  readonly waitFor: (position: number) => Promise<void>;
  readonly masterTenant: () => string;
  readonly urlKey: boolean;
  /** The data directory: the audit trail renders old plugin versions kept in its plugins folder. */
  readonly dataDir: string;
  readonly status: StatusSource;
  readonly syncTransport: SyncTransport | undefined;
  readonly parameterDefaults: Partial<Record<ParameterName, string>>;
  readonly logger: Logger;
  readonly operations?: OperationRegistry;
}

/** The application services behind the REST API, wired to the server's parts. */
export const createRestContext = (deps: RestServicesDeps): RouteContext => {
  const { store, db, readModels, plugins, phone, waitFor, urlKey } = deps;
  const configureNow = (deviceId: string): Promise<void> => phone.configureNow(deviceId);
  return {
    authenticate: authenticator(deps.auth),
    masterTenant: deps.masterTenant,
    devices: new DeviceAdmin({ store, readModels, waitFor, configureNow }),
    deviceSync: new DeviceSync({
      store,
      readModels,
      plugins,
      configureNow,
      urlKey,
      transport: deps.syncTransport,
      logger: deps.logger,
    }),
    deviceFiles: new DeviceFiles({ db, readModels, plugins, urlKey, configureNow }),
    history: readModels.deviceHistory,
    audit: openAuditService({
      store,
      dataDir: deps.dataDir,
      installed: async (id) => plugins.get(id),
      urlKey,
      logger: deps.logger,
    }),
    configs: new ConfigAdmin({ store, readModels, waitFor }),
    params: new ParamAdmin({ store, readModels, waitFor, defaults: deps.parameterDefaults }),
    dhcp: phone.dhcp,
    operations: deps.operations ?? new OperationRegistry(),
    status: deps.status,
  };
};

export type ExtraRoutes = readonly FastifyPluginAsync<RouteContext>[];
