import type { DeviceDocument } from '../../domain/device/document.js';
import { withMasterTenant } from '../../domain/device/document-evolve.js';
import type { EventStore } from '../../eventstore/port.js';
import { AdminError } from '../admin/admin-context.js';
import { type Audience, seesTenant } from './audience.js';
import { DeviceTenants } from './device-tenants.js';
import type { PointInTime } from './point-in-time.js';

/**
 * The device as it was at the instant, for an audience that may see it then: its tenant after
 * the last event up to the instant (its first tenant when it did not exist yet) must be visible.
 * A device the audience cannot see is as unknown as one that never existed.
 */
export const deviceAt = async (
  store: EventStore,
  point: PointInTime,
  deviceId: string,
  audience: Audience,
): Promise<DeviceDocument> => {
  const { state, revision } = await point.device(deviceId);
  const tenants = new DeviceTenants(store, 1);
  const tenant = await tenants.at(deviceId, Math.max(revision, 0));
  if (tenant === undefined || !seesTenant(audience, tenant)) {
    throw new AdminError('not_found', `No such device: ${deviceId}`);
  }
  if (state.document === undefined) {
    throw new AdminError(
      'not_found',
      `Device ${deviceId} did not exist at ${point.at.toISOString()}${revision < 0 ? ' (it was created later)' : ' (it was deleted)'}`,
    );
  }
  return withMasterTenant(state.document, (await point.settings()).masterTenant);
};
