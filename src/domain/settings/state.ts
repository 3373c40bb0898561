import type { JsonObject } from '../shared/json.js';
import type { ParameterName } from './events.js';

export type ParameterValue = string | number | null;

export interface SettingsState {
  /** Only parameters a client has set; a missing one still has its configured default. */
  readonly parameters: { readonly [N in ParameterName]?: ParameterValue };
  /** Tenants with a settings entry, and their provisioning key (null: none). */
  readonly provisioningKeys: { readonly [tenantUuid: string]: string | null };
  readonly masterTenant: string | undefined;
  readonly baseRawConfig: JsonObject | undefined;
}

export const initialSettingsState: SettingsState = {
  parameters: {},
  provisioningKeys: {},
  masterTenant: undefined,
  baseRawConfig: undefined,
};
