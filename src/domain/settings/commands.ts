import type { JsonObject, JsonValue } from '../shared/json.js';
import type { ParameterName } from './events.js';

/** PUT /configure/{name} for a server-wide parameter; `value` is the client's, null deletes. */
export interface SetParameter {
  readonly type: 'SetParameter';
  readonly name: ParameterName;
  readonly value: JsonValue;
}

/** PUT /configure/provisioning_key for the request's effective tenant; null or "" clears it. */
export interface SetProvisioningKey {
  readonly type: 'SetProvisioningKey';
  readonly tenantUuid: string;
  readonly key: JsonValue;
}

/** The tenant was deleted upstream (bus event or periodic reconciliation). */
export interface RemoveTenantSettings {
  readonly type: 'RemoveTenantSettings';
  readonly tenantUuid: string;
}

/** The tenant of provd's own service token, learnt at start-up. */
export interface SetMasterTenant {
  readonly type: 'SetMasterTenant';
  readonly tenantUuid: string;
}

/** The base raw config read from the server's configuration at start-up. */
export interface SetBaseRawConfig {
  readonly type: 'SetBaseRawConfig';
  readonly rawConfig: JsonObject;
}

export type SettingsCommand =
  | SetParameter
  | SetProvisioningKey
  | RemoveTenantSettings
  | SetMasterTenant
  | SetBaseRawConfig;
