import type { JsonObject } from '../shared/json.js';

/** Server-wide parameters of provd's /configure API (provd-spec §7.1), except provisioning_key. */
export type ParameterName = 'plugin_server' | 'http_proxy' | 'ftp_proxy' | 'https_proxy' | 'locale' | 'NAT';

export const PARAMETER_NAMES: readonly ParameterName[] = [
  'plugin_server',
  'http_proxy',
  'ftp_proxy',
  'https_proxy',
  'locale',
  'NAT',
];

/** A parameter took a value; null is how clients delete one. */
export interface ParameterSet {
  readonly type: 'ParameterSet';
  readonly data: { readonly name: ParameterName; readonly value: string | number | null };
}

/** A tenant's provisioning key (url_key strategy, provd-spec §4.4); null clears it. */
export interface ProvisioningKeySet {
  readonly type: 'ProvisioningKeySet';
  readonly data: { readonly tenantUuid: string; readonly key: string | null };
}

/** A tenant was deleted upstream: its settings go. */
export interface TenantSettingsRemoved {
  readonly type: 'TenantSettingsRemoved';
  readonly data: { readonly tenantUuid: string };
}

/** The tenant provd's own service identity belongs to: new devices live there (provd-spec §4.1). */
export interface MasterTenantSet {
  readonly type: 'MasterTenantSet';
  readonly data: { readonly tenantUuid: string };
}

/**
 * The base raw config every flattening starts from (provd-spec §2.3). It comes from the server's
 * configuration; recording it as an event keeps flattened configs and rendered files a pure fold
 * of the log, and lets auditors see which base was in force when.
 */
export interface BaseRawConfigChanged {
  readonly type: 'BaseRawConfigChanged';
  readonly data: { readonly rawConfig: JsonObject };
}

export type SettingsEvent =
  | ParameterSet
  | ProvisioningKeySet
  | TenantSettingsRemoved
  | MasterTenantSet
  | BaseRawConfigChanged;
export type SettingsEventType = SettingsEvent['type'];
