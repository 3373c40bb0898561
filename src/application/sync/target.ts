import type { DeviceDocument } from '../../domain/device/document.js';
import { SyncError, type SyncTarget } from './synchronizer.js';

export const syncTargetOf = (device: DeviceDocument): SyncTarget => ({
  deviceId: device.id,
  ...(device.ip === undefined ? {} : { ip: device.ip }),
  ...(device.remote_state_sip_username === undefined
    ? {}
    : { sipUsername: device.remote_state_sip_username }),
});

/**
 * provd's test for the SIP username every phone in autoprov shares (`ap` + 8 characters):
 * notifying that endpoint would make every autoprov phone re-fetch, so it never names a phone.
 */
export const isAutoprovUsername = (username: string): boolean =>
  username.startsWith('ap') && username.length === 10;

/** The endpoint to notify, when the device has a username that belongs to it alone. */
export const usableSipUsername = (target: SyncTarget): string | undefined => {
  const username = target.sipUsername;
  if (username === undefined || username === '' || isAutoprovUsername(username)) return undefined;
  return username;
};

/** provd's wording, kept: admins and scripts know it. */
export const notEnoughInformation = (target: SyncTarget): SyncError =>
  new SyncError(`not enough information to synchronize device ${target.deviceId}`);
