import * as E from 'fp-ts/lib/Either.js';
import type { Logger } from 'pino';
import { createWazoAuthBackend } from '../adapters/wazo-auth/index.js';
import { runSettingsCommand } from '../application/aggregates.js';
import type { AuthBackend } from '../application/auth/auth-backend.js';
import { bootstrapAdminToken } from '../application/auth/bootstrap-admin-token.js';
import { bootstrapMasterTenant } from '../application/auth/bootstrap-master-tenant.js';
import { createBuiltinAuthBackend } from '../application/auth/builtin-auth-backend.js';
import { systemRandom } from '../application/auth/token-secret.js';
import type { ServerConfig } from '../config/server-config.js';
import type { EventStore } from '../eventstore/port.js';
import type { ReadModels } from '../projections/read-models.js';

export interface OpenedAuth {
  readonly backend: AuthBackend;
  /** provd's own token for other Wazo services (wazo-auth backend only). */
  readonly serviceToken?: () => Promise<string>;
  close(): Promise<void>;
}

/**
 * The wazo-auth backend, opened before the log's settings: the tenant of provd's service
 * identity is the master tenant. Undefined when the built-in backend is configured.
 */
export const openWazoAuth = async (
  config: ServerConfig,
  store: EventStore,
  logger: Logger,
): Promise<OpenedAuth | undefined> => {
  if (config.auth.backend !== 'wazo-auth') return undefined;
  const runtime = createWazoAuthBackend(config.auth, logger.child({ component: 'wazo-auth' }));
  await runtime.start();
  // Learnt later (wazo-auth was down at start) or changed: recorded, so `is_new` follows it.
  const unsubscribe = runtime.backend.onMasterTenant((tenantUuid) => {
    runSettingsCommand(store, { type: 'SetMasterTenant', tenantUuid }, { source: 'system' }).then(
      (result) => {
        if (E.isLeft(result)) logger.error({ reason: result.left.message }, 'master tenant not recorded');
      },
      (err: unknown) => logger.error({ err }, 'master tenant not recorded'),
    );
  });
  return {
    backend: runtime.backend,
    serviceToken: () => runtime.backend.serviceToken(),
    close: async () => {
      unsubscribe();
      await runtime.close();
    },
  };
};

/**
 * The built-in backend, opened once the read models are up: the master tenant is the root of
 * the tenant tree, and the first admin token exists (PROVD_ADMIN_TOKEN, or one generated and
 * shown once).
 */
export const openBuiltinAuth = async (parts: {
  readonly config: ServerConfig;
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly masterTenant: string;
  readonly waitFor: (position: number) => Promise<void>;
  readonly logger: Logger;
}): Promise<OpenedAuth> => {
  const { store, readModels, masterTenant, waitFor } = parts;
  const logger = parts.logger.child({ component: 'auth' });
  const tenant = await bootstrapMasterTenant(store, masterTenant);
  if (tenant !== undefined) await waitFor(tenant);
  const clock = (): Date => new Date();
  const admin = await bootstrapAdminToken({
    store,
    readModels,
    adminToken: parts.config.auth.adminToken,
    masterTenant,
    clock,
    random: systemRandom,
    logger,
  });
  if (admin.position !== undefined) await waitFor(admin.position);
  return { backend: createBuiltinAuthBackend({ readModels, clock }), close: async () => {} };
};
