import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openapiRoutes } from '../adapters/rest/openapi/openapi-routes.js';
import { buildRestApp } from '../adapters/rest/rest-app.js';
import { pluginRoutesWith } from '../adapters/rest/routes/plugin-routes.js';
import type { StatusReport } from '../adapters/rest/routes/status-routes.js';
import type { TftpServer } from '../adapters/tftp/index.js';
import type { SyncTransport } from '../application/admin/device-sync.js';
import type { AuthBackend } from '../application/auth/auth-backend.js';
import { bootstrapSettings } from '../application/bootstrap-settings.js';
import type { PluginManager } from '../application/plugins/manager/plugin-manager.js';
import { pluginHealth } from '../application/plugins/plugin-health.js';
import type { PluginRegistry } from '../application/plugins/plugin-registry.js';
import { preparePlugins } from '../application/plugins/prepare-plugins.js';
import { bundledRepository } from '../application/plugins/repository/bundled-repository.js';
import { seedDefaultConfigs } from '../application/seed/seed-configs.js';
import { reconcileTenants } from '../application/tenants/reconcile-tenants.js';
import { startTenantSyncJob } from '../application/tenants/tenant-sync-job.js';
import { baseRawConfig } from '../config/base-raw-config.js';
import type { ServerConfig } from '../config/server-config.js';
import type { EventStore } from '../eventstore/port.js';
import { ALL_PROJECTIONS, createReadModels, type ReadModels } from '../projections/read-models.js';
import type { ReadModelDb } from '../projections/runner/projection.js';
import { ProjectionRunner } from '../projections/runner/projection-runner.js';
import { openReadModelDb } from '../projections/runner/read-model-db.js';
import { lockDataDir } from './data-dir.js';
import { closeFastify, Listeners, SHUTDOWN_DRAIN_MS } from './graceful-close.js';
import { type OpenedAuth, openBuiltinAuth, openWazoAuth } from './open-auth-backend.js';
import { openEventStore } from './open-event-store.js';
import { openSynchronizer } from './open-synchronizer.js';
import { buildPhoneHttp, buildTftp, deviceUploads, tftpListenAdvice } from './phone-listeners.js';
import { createPhoneServices, type PhoneServices } from './phone-services.js';
import { startReadModelAdmin } from './read-model-admin.js';
import { createRestContext, type ExtraRoutes } from './rest-services.js';
import { createServerMetrics } from './server-metrics.js';

/** The plugins shipped with provd: `plugins/` in the source tree, `dist/plugins/` once built. */
export const SHIPPED_PLUGINS_DIR = fileURLToPath(new URL('../../plugins/', import.meta.url));
/** Their repository, made by `npm run build` (`dist/plugin-repo/`); absent in the source tree. */
export const BUILT_PLUGIN_REPOSITORY = fileURLToPath(new URL('../../plugin-repo/', import.meta.url));

export interface RunningServer {
  readonly store: EventStore;
  readonly runner: ProjectionRunner;
  readonly readModels: ReadModels;
  readonly plugins: PluginRegistry;
  readonly pluginManager: PluginManager;
  readonly phone: PhoneServices;
  readonly rest: FastifyInstance;
  readonly masterTenant: string;
  /** The REST listener's address, e.g. http://127.0.0.1:8666. */
  readonly restUrl: string;
  /** The phone HTTP listener's address. */
  readonly httpUrl: string;
  /** The TFTP listener's port, or undefined when it could not listen. */
  readonly tftpPort: number | undefined;
  stop(): Promise<void>;
}

/**
 * The composition root: event store, read models kept by the projection runner, start-up
 * settings and seeds, plugins, the phone services and their HTTP and TFTP listeners, the REST
 * listener. Phones are served once the read models have caught up with the log.
 */
export const startServer = async (
  config: ServerConfig,
  logger: Logger,
  options: {
    /** A folder of plugins to ship instead of `plugins/` (packaged into a repository at start). */
    readonly pluginsDir?: string;
    /** A built repository of the plugins to ship (default: BUILT_PLUGIN_REPOSITORY when built). */
    readonly bundledRepository?: string;
    /** Overrides the configured authentication backend (tests). */
    readonly auth?: AuthBackend;
    /** Overrides how phones are told to re-fetch their files (tests). */
    readonly syncTransport?: SyncTransport;
    readonly extraRoutes?: ExtraRoutes;
    /** How long requests and transfers under way may go on when stopping (SHUTDOWN_DRAIN_MS). */
    readonly drainMs?: number;
  } = {},
): Promise<RunningServer> => {
  // First: a data dir provd cannot write, or one another provd runs on, is a clear error here.
  const lock = lockDataDir(config.dataDir);
  const metrics = createServerMetrics(logger);
  const opened = openEventStore(config);
  const store = metrics.meter(opened.store);
  logger.info({ store: opened.description }, 'event store opened');
  mkdirSync(config.dataDir, { recursive: true });
  const db: ReadModelDb = openReadModelDb(join(config.dataDir, 'readmodel.db'));
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS, logger });
  const closers: (() => Promise<void> | void)[] = [() => metrics.stop()];
  const drainMs = options.drainMs ?? SHUTDOWN_DRAIN_MS;
  const listeners = new Listeners();
  // Listeners close first, all at once, and the rest once their requests and transfers are
  // done; the runner then finishes the batch it is applying (checkpoints are committed with it).
  const stopAll = async (): Promise<void> => {
    await listeners.close();
    for (const close of closers.splice(0).reverse()) await close();
    await runner.stop();
    await store.close();
    db.close();
    lock.release();
  };
  try {
    const started = Date.now();
    await runner.start();
    const advertised = new URL(config.advertisedUrl);
    const serverHost = advertised.hostname.replace(/^\[|\]$/g, '');
    const wazoAuth = options.auth === undefined ? await openWazoAuth(config, store, logger) : undefined;
    if (wazoAuth !== undefined) closers.push(() => wazoAuth.close());
    // An authentication server decides the master tenant (its service identity's tenant); while
    // it cannot be asked, the log's master tenant stands.
    const authMaster = await (options.auth ?? wazoAuth?.backend)?.masterTenant().catch(() => undefined);
    const boot = await bootstrapSettings(store, {
      baseRawConfig: baseRawConfig(config.advertisedUrl, config.tftp.port),
      ...(authMaster === undefined ? {} : { masterTenant: authMaster }),
    });
    const seeded = await seedDefaultConfigs(store, { serverHost, sipProxy: config.sipProxy ?? serverHost });
    const last = Math.max(boot.position ?? -1, seeded ?? -1);
    if (last >= 0) await runner.waitFor(last);
    const readModels = createReadModels(db);
    const authOpened =
      wazoAuth ??
      (options.auth === undefined
        ? await openBuiltinAuth({
            config,
            store,
            readModels,
            masterTenant: boot.masterTenant,
            waitFor: (position) => runner.waitFor(position),
            logger,
          })
        : undefined);
    const auth = options.auth ?? (authOpened as OpenedAuth).backend;

    const bundled =
      options.bundledRepository ??
      (await bundledRepository({
        built: options.pluginsDir === undefined ? BUILT_PLUGIN_REPOSITORY : undefined,
        sourcePluginsDir: options.pluginsDir ?? SHIPPED_PLUGINS_DIR,
        workDir: join(config.dataDir, 'plugins', '.bundled'),
      }));
    const { registry: plugins, manager: pluginManager } = await preparePlugins({
      store,
      readModels,
      db,
      dataDir: config.dataDir,
      bundledRepository: bundled,
      logger: logger.child({ component: 'plugins' }),
      waitFor: (position) => runner.waitFor(position),
    });
    closers.push(() => pluginManager.idle());
    const phone = createPhoneServices({
      store,
      db,
      readModels,
      plugins,
      extract: (request) => plugins.extract(request),
      choosePlugin: (info) => plugins.choose(info),
      waitFor: (position) => runner.waitFor(position),
      mode: config.pipelineMode,
      urlKey: config.http.authStrategy === 'url_key',
      logger: logger.child({ component: 'phones' }),
    });
    phone.renderer.start();
    closers.push(() => phone.renderer.stop());
    logger.info({ position: runner.position(), ms: Date.now() - started }, 'read models ready');

    const counters = metrics.phone;
    const plugged = () => pluginHealth(readModels.plugins.list(), (id) => plugins.loaded(id) !== undefined);
    metrics.watch({ store, runner, devices: readModels.devices, plugins: plugged });
    const http = buildPhoneHttp(
      config,
      phone.files,
      (key) => readModels.settings.tenantByProvisioningKey(key),
      logger,
      counters,
    );
    listeners.add(() => closeFastify(http, drainMs));
    const httpUrl = await http.listen({ host: config.http.host, port: config.http.port });

    const uploads = config.tftp.uploads
      ? deviceUploads(config.dataDir, (ip) => readModels.devices.findByIp(ip))
      : undefined;
    const tftp: TftpServer = buildTftp(config, phone.files, logger, uploads, counters);
    let tftpPort: number | undefined;
    try {
      tftpPort = (await tftp.listen()).port;
      listeners.add(() => tftp.close({ graceful: true, timeoutMs: drainMs }));
    } catch (error) {
      const advice = tftpListenAdvice(error, config.tftp.port);
      if (advice === undefined) throw error;
      logger.error({ port: config.tftp.port }, advice);
    }

    const sync = openSynchronizer(config, authOpened, logger);
    closers.push(() => sync.close());
    const status = {
      status: async () => {
        const { installed, loaded, notLoaded } = plugged();
        return {
          ...(await statusOf(store, runner)),
          phones: counters.snapshot(),
          plugins: { installed, loaded, not_loaded: notLoaded },
          tftp:
            tftpPort === undefined ? { status: 'off' as const } : { status: 'ok' as const, port: tftpPort },
        };
      },
    };
    const context = createRestContext({
      store,
      db,
      readModels,
      plugins,
      phone,
      auth,
      waitFor: (position) => runner.waitFor(position),
      masterTenant: () => readModels.settings.masterTenant() ?? boot.masterTenant,
      urlKey: config.http.authStrategy === 'url_key',
      dataDir: config.dataDir,
      status,
      syncTransport: options.syncTransport ?? sync.transport,
      // The bundled repository is the plugin server until an admin names another one.
      parameterDefaults: { plugin_server: bundled },
      logger: logger.child({ component: 'rest' }),
    });
    const readModelAdmin = startReadModelAdmin({
      ...{ store, db, runner, operations: context.operations, logger },
      file: join(config.dataDir, 'readmodel.db'),
    });
    closers.push(() => readModelAdmin.stop());
    const allTenants = auth.allTenants?.bind(auth);
    if (allTenants !== undefined) {
      const job = startTenantSyncJob(
        async () =>
          reconcileTenants({
            store,
            readModels,
            devices: context.devices,
            waitFor: (position) => runner.waitFor(position),
            knownTenants: await allTenants(),
            masterTenant: readModels.settings.masterTenant() ?? boot.masterTenant,
          }),
        config.syncdb,
        logger.child({ component: 'tenant-sync' }),
      );
      closers.push(() => job.stop());
    }
    const rest = buildRestApp({
      ...context,
      logger,
      extraRoutes: [
        openapiRoutes,
        pluginRoutesWith({ manager: pluginManager, registry: plugins }),
        readModelAdmin.routes,
        ...(options.extraRoutes ?? []),
      ],
    });
    metrics.serve(rest, config.metrics.requireToken ? context.authenticate : undefined);
    listeners.add(() => closeFastify(rest, drainMs));
    const restUrl = await rest.listen({ host: config.rest.host, port: config.rest.port });
    return {
      store,
      runner,
      readModels,
      plugins,
      pluginManager,
      phone,
      rest,
      masterTenant: boot.masterTenant,
      restUrl,
      httpUrl,
      tftpPort,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
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
