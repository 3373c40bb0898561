import { isJsonObject } from '../shared/json.js';
import type { DomainEventType } from './domain-event.js';

/**
 * Light structural checks of event data after upcasting, so a corrupt or hand-edited event is
 * reported instead of being folded into a wrong state. They check what folds rely on (ids,
 * nested objects, discriminating values), not every field's full schema.
 */

/**
 * Returns the first problem as a path suffix and a complaint (e.g. `.info.mac must be a string`),
 * or undefined when the value fits. Paths are only built on failure: decoding runs for every
 * event of a rebuild, so the success path must not allocate.
 */
type Check = (value: unknown) => string | undefined;

const text: Check = (v) => (typeof v === 'string' ? undefined : ' must be a string');
const id: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : ' must be a non-empty string');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : ' must be a boolean');
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : ' must be a number');
const jsonObject: Check = (v) => (isJsonObject(v) ? undefined : ' must be an object');

const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? undefined : check(v);

const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);

const oneOf = (...values: readonly string[]): Check => {
  const complaint = ` must be one of ${values.join(', ')}`;
  return (v) => (typeof v === 'string' && values.includes(v) ? undefined : complaint);
};

const arrayOf =
  (check: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return ' must be an array';
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i]);
      if (problem !== undefined) return `[${i}]${problem}`;
    }
    return undefined;
  };

const object = (fields: { readonly [key: string]: Check }): Check => {
  const entries = Object.entries(fields);
  return (v) => {
    if (!isJsonObject(v)) return ' must be an object';
    for (const [key, check] of entries) {
      const problem = check(Object.hasOwn(v, key) ? v[key] : undefined);
      if (problem !== undefined) return `.${key}${problem}`;
    }
    return undefined;
  };
};

const deviceInfo = object({
  mac: optional(text),
  ip: optional(text),
  sn: optional(text),
  uuid: optional(text),
  vendor: optional(text),
  model: optional(text),
  version: optional(text),
});

const configDocument = object({ parent_ids: arrayOf(text), raw_config: jsonObject });
const pluginInfo = object({ version: id });
const configMove = object({ deviceId: id, config: id, previous: nullable(text) });

const DATA_CHECKS: { readonly [T in DomainEventType]: Check } = {
  DeviceDiscovered: object({
    deviceId: id,
    info: deviceInfo,
    tenantUuid: id,
    via: oneOf('phone-http', 'phone-tftp', 'dhcp'),
  }),
  DeviceCreated: object({ deviceId: id, tenantUuid: id, fields: jsonObject }),
  DeviceInfoChanged: object({ deviceId: id, changes: deviceInfo, removed: arrayOf(text) }),
  PluginAssociated: object({
    deviceId: id,
    plugin: nullable(text),
    previous: nullable(text),
    score: nullable(num),
  }),
  ConfigAssigned: object({ deviceId: id, config: nullable(text), previous: nullable(text) }),
  DeviceAssociatedToLine: configMove,
  DeviceResetToAutoprov: configMove,
  TenantAssigned: object({ deviceId: id, tenantUuid: id, previous: text }),
  DeviceUpdated: object({ deviceId: id, set: jsonObject, unset: arrayOf(text) }),
  DeviceDeleted: object({ deviceId: id }),
  SynchronizeRequested: object({ deviceId: id }),
  RemoteStateReported: object({
    deviceId: id,
    sipUsername: nullable(text),
    filename: nullable(text),
    contentHash: nullable(text),
  }),
  DeviceConfigurationChanged: object({ deviceId: id, configured: bool, error: nullable(text) }),
  ConfigCreated: object({ configId: id, config: configDocument, autocreatedFrom: nullable(id) }),
  ConfigUpdated: object({ configId: id, config: configDocument }),
  ConfigDeleted: object({ configId: id }),
  ParameterSet: object({
    name: oneOf('plugin_server', 'http_proxy', 'ftp_proxy', 'https_proxy', 'locale', 'NAT'),
    value: (v) =>
      v === null || typeof v === 'string' || typeof v === 'number'
        ? undefined
        : ' must be a string, number or null',
  }),
  ProvisioningKeySet: object({ tenantUuid: id, key: nullable(text) }),
  TenantSettingsRemoved: object({ tenantUuid: id }),
  MasterTenantSet: object({ tenantUuid: id }),
  BaseRawConfigChanged: object({ rawConfig: jsonObject }),
  PluginInstalled: object({ pluginId: id, info: pluginInfo }),
  PluginUpgraded: object({ pluginId: id, fromVersion: text, info: pluginInfo }),
  PluginUninstalled: object({ pluginId: id, version: text }),
  PluginPackageInstalled: object({ pluginId: id, packageId: id, version: text, sha256: nullable(text) }),
  PluginPackageUninstalled: object({ pluginId: id, packageId: id }),
  TokenCreated: object({
    tokenId: id,
    secretHash: id,
    tenantUuid: id,
    acls: arrayOf(id),
    label: text,
    expiresAt: nullable(id),
    createdAt: id,
  }),
  TokenRevoked: object({ tokenId: id }),
  TenantCreated: object({ tenantUuid: id, parentUuid: nullable(id), name: id }),
  TenantDeleted: object({ tenantUuid: id }),
};

/** Describes why `data` is not a valid `type` event, or undefined when it is. */
export const dataProblem = (type: DomainEventType, data: unknown): string | undefined => {
  const problem = DATA_CHECKS[type](data);
  return problem === undefined ? undefined : `data${problem}`;
};
