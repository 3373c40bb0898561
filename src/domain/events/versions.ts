import type { DomainEventType } from './domain-event.js';

/**
 * Schema version written for each event type today. Bump it when an event's data shape changes
 * and add an upcaster from the previous version in ./upcasters.ts.
 */
export const CURRENT_SCHEMA_VERSION: { readonly [T in DomainEventType]: number } = {
  DeviceDiscovered: 1,
  DeviceCreated: 1,
  DeviceInfoChanged: 1,
  PluginAssociated: 1,
  ConfigAssigned: 1,
  DeviceAssociatedToLine: 1,
  DeviceResetToAutoprov: 1,
  TenantAssigned: 1,
  DeviceUpdated: 1,
  DeviceDeleted: 1,
  SynchronizeRequested: 1,
  // v1 (wazo-provd imports) knew only the SIP username; v2 adds the served file and its hash.
  RemoteStateReported: 2,
  DeviceConfigurationChanged: 1,
  ConfigCreated: 1,
  ConfigUpdated: 1,
  ConfigDeleted: 1,
  ParameterSet: 1,
  ProvisioningKeySet: 1,
  TenantSettingsRemoved: 1,
  MasterTenantSet: 1,
  BaseRawConfigChanged: 1,
  PluginInstalled: 1,
  PluginUpgraded: 1,
  PluginUninstalled: 1,
  PluginPackageInstalled: 1,
  PluginPackageUninstalled: 1,
  TokenCreated: 1,
  TokenRevoked: 1,
  TenantCreated: 1,
  TenantDeleted: 1,
};

export const isDomainEventType = (type: string): type is DomainEventType =>
  Object.hasOwn(CURRENT_SCHEMA_VERSION, type);
