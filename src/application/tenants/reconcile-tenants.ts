import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import type { ReadModels } from '../../projections/read-models.js';
import { AdminError } from '../admin/admin-context.js';
import type { DeviceAdmin } from '../admin/device-admin.js';
import { runSettingsCommand } from '../aggregates.js';

export interface ReconcileOutcome {
  readonly deletedDevices: readonly string[];
  readonly removedTenantSettings: readonly string[];
}

const SYSTEM: EventMetadata = { source: 'system', actor: {} };

/**
 * provd's "syncdb" (provd-spec §4.5): the tenants that exist are the authentication server's;
 * devices of any other tenant are deleted (through the normal path, so their transient configs
 * go too) and the settings of unknown tenants removed. The master tenant is never touched. An
 * empty list is refused: it means a broken answer, not a platform without tenants.
 */
export const reconcileTenants = async (parts: {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly devices: DeviceAdmin;
  readonly waitFor: (position: number) => Promise<void>;
  readonly knownTenants: readonly string[];
  readonly masterTenant: string;
}): Promise<ReconcileOutcome> => {
  const { store, readModels, devices, waitFor } = parts;
  if (parts.knownTenants.length === 0) throw new Error('the authentication server listed no tenant at all');
  const known = new Set([...parts.knownTenants, parts.masterTenant]);
  const deletedDevices: string[] = [];
  for (const tenant of readModels.devices.countByTenant().keys()) {
    if (known.has(tenant)) continue;
    const requester = { tenant, visibleTenants: async () => [tenant], metadata: SYSTEM };
    for (const device of readModels.devices.find({ tenantUuids: [tenant], fields: ['id'] })) {
      const id = String(device.id);
      try {
        await devices.remove(id, requester);
        deletedDevices.push(id);
      } catch (error) {
        // Deleted meanwhile by someone else: the goal is reached.
        if (!(error instanceof AdminError && error.kind === 'not_found')) throw error;
      }
    }
  }
  const removedTenantSettings: string[] = [];
  for (const { tenantUuid } of readModels.settings.tenants()) {
    if (known.has(tenantUuid)) continue;
    const result = await runSettingsCommand(store, { type: 'RemoveTenantSettings', tenantUuid }, SYSTEM);
    if (E.isRight(result) && result.right.position !== undefined) {
      await waitFor(result.right.position);
      removedTenantSettings.push(tenantUuid);
    }
  }
  return { deletedDevices, removedTenantSettings };
};
