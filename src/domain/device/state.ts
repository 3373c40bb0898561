import type { DeviceDocument } from './document.js';

export interface RemoteState {
  readonly sipUsername: string | null;
  readonly filename: string | null;
  readonly contentHash: string | null;
}

/**
 * The device aggregate's state. `document` is built by the same function as the read model
 * (applyDeviceEvent) but without a master tenant, so its `is_new` is meaningless here: decisions
 * compare `tenant_uuid` with the master tenant carried by the command instead.
 */
export interface DeviceState {
  /** undefined before the device exists and after it is deleted. */
  readonly document: DeviceDocument | undefined;
  /** What the phone last fetched; the document only shows the SIP username. */
  readonly remoteState: RemoteState | undefined;
  /** Why the last configuration failed; the document only shows `configured`. */
  readonly configurationError: string | null;
}

export const initialDeviceState: DeviceState = {
  document: undefined,
  remoteState: undefined,
  configurationError: null,
};
