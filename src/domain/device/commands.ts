import type { JsonObject } from '../shared/json.js';
import type { DeviceInfo, DeviceInfoKey } from './document.js';

/**
 * What the shell knows about a config when it assigns it to a device (the decider cannot read
 * other aggregates): `autoprov` for autocreated configs (and the autocreate template), `line` for
 * a config that gives the phone a user's line, `other` for anything else (including dangling ids).
 */
export type ConfigKind = 'autoprov' | 'line' | 'other';

/** The phone pipeline or a DHCP lease met an unknown device (provd's added=auto). */
export interface DiscoverDevice {
  readonly type: 'DiscoverDevice';
  readonly deviceId: string;
  readonly info: DeviceInfo;
  readonly masterTenant: string;
  readonly via: 'phone-http' | 'phone-tftp' | 'dhcp';
}

/** POST /dev_mgr/devices. `fields` is the client's document; server-owned keys in it are ignored. */
export interface CreateDevice {
  readonly type: 'CreateDevice';
  readonly deviceId: string;
  readonly fields: JsonObject;
  /** The request's effective tenant (provd-spec §1.4); the body's tenant_uuid is ignored. */
  readonly tenantUuid: string;
  readonly masterTenant: string;
}

/** The phone pipeline learnt something: the given keys are set, `removed` ones dropped (outdated IPs). */
export interface UpdateDeviceInfo {
  readonly type: 'UpdateDeviceInfo';
  readonly deviceId: string;
  readonly info: DeviceInfo;
  readonly removed?: readonly DeviceInfoKey[];
}

/** The plugin associator picked a plugin (score on provd's 0–600 scale). */
export interface AssociatePlugin {
  readonly type: 'AssociatePlugin';
  readonly deviceId: string;
  readonly plugin: string;
  readonly score: number | null;
}

export interface AssignConfig {
  readonly type: 'AssignConfig';
  readonly deviceId: string;
  /** null: the device no longer has a config. */
  readonly config: string | null;
  /** Kind of `config`; null when `config` is null. */
  readonly kind: ConfigKind | null;
  /** Kind of the device's current config; null when it has none. */
  readonly previousKind: ConfigKind | null;
}

/** Explicitly move the device to a tenant: allowed once, out of the master tenant. */
export interface AssignTenant {
  readonly type: 'AssignTenant';
  readonly deviceId: string;
  readonly tenantUuid: string;
  readonly masterTenant: string;
}

/** PUT /dev_mgr/devices/{id}: full replacement of the client fields. */
export interface UpdateDevice {
  readonly type: 'UpdateDevice';
  readonly deviceId: string;
  readonly fields: JsonObject;
  /**
   * The request's effective tenant. It moves a device that is still in the master tenant; for
   * any other device it is only the tenant acting (the device's own or an ancestor, which the
   * shell has checked) and never changes the device's tenant.
   */
  readonly effectiveTenant: string;
  readonly masterTenant: string;
  /**
   * The `tenant_uuid` of the body, when it has one. Clients resend the device's current tenant;
   * another value on a device out of the master tenant is a move, which the tenant rule refuses
   * (provd stored it silently). On a device still in the master tenant it is ignored, as in provd.
   */
  readonly requestedTenant?: string;
  /** Kind of the config named in `fields`; null when `fields` has no config. */
  readonly configKind: ConfigKind | null;
  /** Kind of the device's current config; null when it has none. */
  readonly previousConfigKind: ConfigKind | null;
}

export interface DeleteDevice {
  readonly type: 'DeleteDevice';
  readonly deviceId: string;
}

export interface RequestSynchronize {
  readonly type: 'RequestSynchronize';
  readonly deviceId: string;
}

/** The phone fetched its trigger file (provd-spec §3.7). */
export interface ReportRemoteState {
  readonly type: 'ReportRemoteState';
  readonly deviceId: string;
  readonly sipUsername: string | null;
  readonly filename: string | null;
  readonly contentHash: string | null;
}

/** Outcome of configuring the device with its plugin (provd's `configured`). */
export interface RecordConfiguration {
  readonly type: 'RecordConfiguration';
  readonly deviceId: string;
  readonly configured: boolean;
  readonly error: string | null;
}

export type DeviceCommand =
  | DiscoverDevice
  | CreateDevice
  | UpdateDeviceInfo
  | AssociatePlugin
  | AssignConfig
  | AssignTenant
  | UpdateDevice
  | DeleteDevice
  | RequestSynchronize
  | ReportRemoteState
  | RecordConfiguration;
