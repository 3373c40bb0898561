import type { JsonObject, JsonValue } from '../shared/json.js';

/**
 * What the phone pipeline learns about a device from a request (provd's "device info"). `ip` is
 * refreshed on every request; the others when a plugin extracts them.
 */
export interface DeviceInfo {
  readonly mac?: string;
  readonly ip?: string;
  readonly sn?: string;
  readonly uuid?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly version?: string;
}

export const DEVICE_INFO_KEYS = ['mac', 'ip', 'sn', 'uuid', 'vendor', 'model', 'version'] as const;
export type DeviceInfoKey = (typeof DEVICE_INFO_KEYS)[number];

/**
 * Fields owned by the server: a client's value for them is ignored (provd-spec §2.1) or goes
 * through a dedicated command (tenant, plugin, config).
 */
export const SERVER_OWNED_KEYS = [
  'id',
  'tenant_uuid',
  'is_new',
  'configured',
  'added',
  'remote_state_sip_username',
] as const;

/**
 * The device document as provd's REST API shows it. Unknown keys (X_* and others) are kept:
 * provd tolerates extras.
 */
export interface DeviceDocument {
  readonly id: string;
  readonly tenant_uuid: string;
  readonly is_new: boolean;
  readonly configured: boolean;
  readonly mac?: string;
  readonly ip?: string;
  readonly sn?: string;
  readonly uuid?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly version?: string;
  readonly plugin?: string;
  readonly config?: string;
  readonly added?: string;
  readonly description?: string;
  readonly options?: JsonObject;
  readonly remote_state_sip_username?: string;
  readonly [key: string]: JsonValue | undefined;
}
