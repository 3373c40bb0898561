import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import type { ServerConfig } from '../../config/server-config.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { TenantReadModel } from '../../projections/auth/tenant-read-model.js';
import { tenantsProjection } from '../../projections/auth/tenants-projection.js';
import { TokenReadModel } from '../../projections/auth/token-read-model.js';
import { tokensProjection } from '../../projections/auth/tokens-projection.js';
import { DeviceReadModel } from '../../projections/devices/device-read-model.js';
import { devicesProjection } from '../../projections/devices/devices-projection.js';
import type { ReadModels } from '../../projections/read-models.js';
import type { Projection, ReadModelDb } from '../../projections/runner/projection.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { openReadModelDb } from '../../projections/runner/read-model-db.js';
import { settingsProjection } from '../../projections/settings/settings-projection.js';
import { SettingsReadModel } from '../../projections/settings/settings-read-model.js';
import { openEventStore } from '../../server/open-event-store.js';
import type { Env } from './command-group.js';
import { CliFailure, UsageError } from './errors.js';

export type CliReadModels = Pick<ReadModels, 'tokens' | 'tenants' | 'settings' | 'devices'>;

export interface CliContext {
  readonly config: ServerConfig;
  readonly store: EventStore;
  /** A private in-memory fold of the log: the server's readmodel.db is never opened. */
  readonly readModels: CliReadModels;
  readonly metadata: EventMetadata;
  /** Folds what was appended since (by us or the running server) into the read models. */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

export const CLI_METADATA: EventMetadata = { source: 'cli' };

/**
 * The same configuration as the server (defaults, `--config` file, PROVD_* variables) and so the
 * same event store. The SQLite log may be open in the server at the same time: appends take
 * SQLite's write lock and the server's subscription notices them by polling the head.
 * `devices`: fold devices too (only tenant deletion needs them; they cost the most).
 */
export const openCliContext = async (
  configFile: string | undefined,
  env: Env,
  options: { readonly devices?: boolean } = {},
): Promise<CliContext> => {
  let config: ServerConfig;
  try {
    config = loadConfig(configFile === undefined ? [] : ['--config', configFile], env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (config.eventStore === 'sqlite' && !existsSync(join(config.dataDir, 'events.db'))) {
    // Creating an empty log here would hide a wrong directory behind an empty listing.
    throw new CliFailure(`no event log in ${config.dataDir}`, [
      'start the server once, or point --config or PROVD_DATA_DIR at its data directory',
    ]);
  }
  const { store } = openEventStore(config);
  const db: ReadModelDb = openReadModelDb(':memory:');
  const projections: Projection[] = [settingsProjection, tokensProjection, tenantsProjection];
  if (options.devices === true) projections.push(devicesProjection);
  const runner = new ProjectionRunner({ store, db, projections });
  const close = async (): Promise<void> => {
    await runner.stop();
    await store.close();
    db.close();
  };
  try {
    await runner.catchUp();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    config,
    store,
    readModels: {
      tokens: new TokenReadModel(db),
      tenants: new TenantReadModel(db),
      settings: new SettingsReadModel(db),
      devices: new DeviceReadModel(db),
    },
    metadata: CLI_METADATA,
    catchUp: async () => {
      await runner.catchUp();
    },
    close,
  };
};

/** Runs `work` with an open context and closes it whatever happens. */
export const withCliContext = async <T>(
  configFile: string | undefined,
  env: Env,
  options: { readonly devices?: boolean },
  work: (context: CliContext) => Promise<T>,
): Promise<T> => {
  const context = await openCliContext(configFile, env, options);
  try {
    return await work(context);
  } finally {
    await context.close();
  }
};

/** The master tenant the server recorded; every command needs the server to have started once. */
export const requireMasterTenant = (context: CliContext): string => {
  const master = context.readModels.settings.masterTenant();
  if (master === undefined) {
    throw new CliFailure('the event log has no master tenant yet', ['start the server once first']);
  }
  return master;
};
