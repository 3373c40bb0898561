import * as E from 'fp-ts/lib/Either.js';
import { domainError } from '../../domain/shared/errors.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { isActiveToken } from '../../projections/auth/token-read-model.js';
import type { ReadModels } from '../../projections/read-models.js';
import { runSettingsCommand, runTenantCommand } from '../aggregates.js';
import type { HandleError } from '../command-handler.js';

/**
 * Tenant commands as the CLI (and, later, an API) issues them: the facts other aggregates hold
 * are read from read models that have caught up with the log, then the tenant decider judges.
 * Between that read and the append another writer may add a device or a sub-tenant; the check
 * is as good as the read model, as provd's was.
 */

export interface NewTenant {
  readonly name: string;
  /** Default: the master tenant. */
  readonly parentUuid?: string;
  readonly tenantUuid: string;
}

export const createTenant = async (
  store: EventStore,
  readModels: Pick<ReadModels, 'tenants' | 'settings'>,
  tenant: NewTenant,
  metadata: EventMetadata,
): Promise<E.Either<HandleError, { readonly parentUuid: string; readonly position: number | undefined }>> => {
  const parentUuid = tenant.parentUuid ?? readModels.settings.masterTenant();
  if (parentUuid === undefined) {
    return E.left(domainError('invalid_state', 'no master tenant yet: start the server once first'));
  }
  if (readModels.tenants.get(parentUuid) === undefined) {
    return E.left(domainError('not_found', `no tenant ${parentUuid} (the parent)`));
  }
  const result = await runTenantCommand(
    store,
    { type: 'CreateTenant', tenantUuid: tenant.tenantUuid, parentUuid, name: tenant.name },
    metadata,
  );
  return E.map(({ position }: { position: number | undefined }) => ({ parentUuid, position }))(result);
};

export const deleteTenant = async (
  store: EventStore,
  readModels: Pick<ReadModels, 'tenants' | 'settings' | 'devices' | 'tokens'>,
  tenantUuid: string,
  metadata: EventMetadata,
  now: Date,
): Promise<E.Either<HandleError, { readonly position: number | undefined }>> => {
  const result = await runTenantCommand(
    store,
    {
      type: 'DeleteTenant',
      tenantUuid,
      masterTenant: readModels.settings.masterTenant(),
      subTenants: readModels.tenants.children(tenantUuid),
      deviceCount: readModels.devices.countByTenant().get(tenantUuid) ?? 0,
      activeTokens: readModels.tokens
        .ofTenant(tenantUuid)
        .filter((token) => isActiveToken(token, now))
        .map((token) => token.tokenId),
    },
    metadata,
  );
  if (E.isLeft(result)) return result;
  // Its per-tenant settings (the provisioning key) go with it, as provd's tenant clean-up does.
  const settings = await runSettingsCommand(store, { type: 'RemoveTenantSettings', tenantUuid }, metadata);
  if (E.isLeft(settings)) return settings;
  return E.right({ position: settings.right.position ?? result.right.position });
};
