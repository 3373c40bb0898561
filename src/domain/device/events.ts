import type { JsonObject, JsonValue } from '../shared/json.js';
import type { DeviceInfo } from './document.js';

/**
 * Every change in a device's life. Each type carries a schema version (see
 * src/domain/events/versions.ts); older shapes are upcast on read.
 */

/** A phone or a DHCP lease made us create the device (provd's added=auto). */
export interface DeviceDiscovered {
  readonly type: 'DeviceDiscovered';
  readonly data: {
    readonly deviceId: string;
    readonly info: DeviceInfo;
    /** Always the master tenant at the time of discovery. */
    readonly tenantUuid: string;
    readonly via: 'phone-http' | 'phone-tftp' | 'dhcp';
  };
}

/** An admin created the device through the API. */
export interface DeviceCreated {
  readonly type: 'DeviceCreated';
  readonly data: {
    readonly deviceId: string;
    readonly tenantUuid: string;
    /** Client-writable fields as sent (info, plugin, config, description, options, X_*…). */
    readonly fields: JsonObject;
  };
}

/** Identification fields changed (ip, firmware version, model, …). */
export interface DeviceInfoChanged {
  readonly type: 'DeviceInfoChanged';
  readonly data: {
    readonly deviceId: string;
    readonly changes: DeviceInfo;
    /** Info keys removed (an API PUT without them). */
    readonly removed: readonly string[];
  };
}

export interface PluginAssociated {
  readonly type: 'PluginAssociated';
  readonly data: {
    readonly deviceId: string;
    /** null: the device no longer has a plugin. */
    readonly plugin: string | null;
    readonly previous: string | null;
    /** Association score on provd's 0–600 scale; null when an admin set the plugin. */
    readonly score: number | null;
  };
}

/** The device got a config that is neither a line config nor an autoprov one, or its first config. */
export interface ConfigAssigned {
  readonly type: 'ConfigAssigned';
  readonly data: {
    readonly deviceId: string;
    readonly config: string | null;
    readonly previous: string | null;
  };
}

/** The device moved from an autoprov (or no) config to a user's line config. */
export interface DeviceAssociatedToLine {
  readonly type: 'DeviceAssociatedToLine';
  readonly data: { readonly deviceId: string; readonly config: string; readonly previous: string | null };
}

/** The device moved from a line config back to an autoprov config; its tenant is kept. */
export interface DeviceResetToAutoprov {
  readonly type: 'DeviceResetToAutoprov';
  readonly data: { readonly deviceId: string; readonly config: string; readonly previous: string | null };
}

/** The device left the master tenant. Happens at most once in a device's life. */
export interface TenantAssigned {
  readonly type: 'TenantAssigned';
  readonly data: { readonly deviceId: string; readonly tenantUuid: string; readonly previous: string };
}

/** Other client fields (description, options, X_*, unknown keys) set or removed. */
export interface DeviceUpdated {
  readonly type: 'DeviceUpdated';
  readonly data: {
    readonly deviceId: string;
    readonly set: { readonly [key: string]: JsonValue };
    readonly unset: readonly string[];
  };
}

export interface DeviceDeleted {
  readonly type: 'DeviceDeleted';
  readonly data: { readonly deviceId: string };
}

export interface SynchronizeRequested {
  readonly type: 'SynchronizeRequested';
  readonly data: { readonly deviceId: string };
}

/** The phone fetched its trigger file: which config it really got. */
export interface RemoteStateReported {
  readonly type: 'RemoteStateReported';
  readonly data: {
    readonly deviceId: string;
    /** Username of SIP line 1 in the served config (provd's remote_state_sip_username). */
    readonly sipUsername: string | null;
    /** The trigger file served; null for states imported from wazo-provd. */
    readonly filename: string | null;
    /** sha256 (hex) of the served content; null for states imported from wazo-provd. */
    readonly contentHash: string | null;
  };
}

/** Outcome of (re)configuring the device with its plugin and config (provd's `configured`). */
export interface DeviceConfigurationChanged {
  readonly type: 'DeviceConfigurationChanged';
  readonly data: { readonly deviceId: string; readonly configured: boolean; readonly error: string | null };
}

export type DeviceEvent =
  | DeviceDiscovered
  | DeviceCreated
  | DeviceInfoChanged
  | PluginAssociated
  | ConfigAssigned
  | DeviceAssociatedToLine
  | DeviceResetToAutoprov
  | TenantAssigned
  | DeviceUpdated
  | DeviceDeleted
  | SynchronizeRequested
  | RemoteStateReported
  | DeviceConfigurationChanged;

export type DeviceEventType = DeviceEvent['type'];
