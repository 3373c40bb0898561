import { type Draft, freeze, produce } from 'immer';
import { cloneJson, type JsonObject, type JsonValue } from '../shared/json.js';
import { DEVICE_INFO_KEYS, type DeviceDocument, type DeviceInfo, SERVER_OWNED_KEYS } from './document.js';
import type { DeviceEvent } from './events.js';

const SERVER_OWNED: ReadonlySet<string> = new Set(SERVER_OWNED_KEYS);
const INFO_KEYS: ReadonlySet<string> = new Set(DEVICE_INFO_KEYS);

/** provd's `is_new`: the device still lives in the master tenant. False while that tenant is unknown. */
const isNew = (tenantUuid: string, masterTenant: string | undefined): boolean =>
  masterTenant !== undefined && tenantUuid === masterTenant;

const definedInfo = (info: DeviceInfo): JsonObject => {
  const result: JsonObject = {};
  for (const key of DEVICE_INFO_KEYS) {
    const value = info[key];
    if (value !== undefined) result[key] = value;
  }
  return result;
};

/**
 * Keys never copied from event data into the document: server-owned ones are computed here, and
 * `__proto__` cannot be assigned safely through an immer draft (validation drops it anyway).
 */
const isCopyable = (key: string): boolean => !SERVER_OWNED.has(key) && key !== '__proto__';

const born = (
  id: string,
  tenantUuid: string,
  masterTenant: string | undefined,
  fields: JsonObject,
): JsonObject => {
  const doc: JsonObject = { id };
  for (const [key, value] of Object.entries(fields)) if (isCopyable(key)) doc[key] = cloneJson(value);
  doc.tenant_uuid = tenantUuid;
  doc.is_new = isNew(tenantUuid, masterTenant);
  doc.configured = false;
  return doc;
};

const setOrDelete = (
  draft: Draft<DeviceDocument>,
  key: string,
  value: JsonValue | null | undefined,
): void => {
  if (value === null || value === undefined) delete draft[key];
  else draft[key] = cloneJson(value);
};

/**
 * provd's REST device document after an event: the one definition shared by the device
 * aggregate and the device read model. `masterTenant` decides `is_new`, recomputed on every
 * event as provd did on every save. `configured` only follows DeviceConfigurationChanged: the
 * configure step that follows a relevant change reports its own outcome. Returns undefined for a
 * deleted device; events about a device that does not exist leave it undefined.
 */
export const applyDeviceEvent = (
  doc: DeviceDocument | undefined,
  event: DeviceEvent,
  masterTenant: string | undefined,
): DeviceDocument | undefined => {
  switch (event.type) {
    case 'DeviceDiscovered': {
      const { deviceId, info, tenantUuid } = event.data;
      const document = born(deviceId, tenantUuid, masterTenant, definedInfo(info));
      document.added = 'auto';
      return freeze(document as DeviceDocument, true);
    }
    case 'DeviceCreated': {
      const { deviceId, tenantUuid, fields } = event.data;
      return freeze(born(deviceId, tenantUuid, masterTenant, fields) as DeviceDocument, true);
    }
    case 'DeviceDeleted':
      return undefined;
  }
  if (doc === undefined) return undefined;
  return produce(doc, (draft) => {
    applyChange(draft, event);
    draft.is_new = isNew(draft.tenant_uuid, masterTenant);
  });
};

type ChangeEvent = Exclude<DeviceEvent, { type: 'DeviceDiscovered' | 'DeviceCreated' | 'DeviceDeleted' }>;

const applyChange = (draft: Draft<DeviceDocument>, event: ChangeEvent): void => {
  switch (event.type) {
    case 'DeviceInfoChanged':
      for (const [key, value] of Object.entries(definedInfo(event.data.changes))) draft[key] = value;
      // Only identification keys: a corrupt `removed` must not strip the tenant or the id.
      for (const key of event.data.removed) if (INFO_KEYS.has(key)) delete draft[key];
      return;
    case 'PluginAssociated':
      setOrDelete(draft, 'plugin', event.data.plugin);
      return;
    case 'ConfigAssigned':
    case 'DeviceAssociatedToLine':
    case 'DeviceResetToAutoprov':
      setOrDelete(draft, 'config', event.data.config);
      return;
    case 'TenantAssigned':
      draft.tenant_uuid = event.data.tenantUuid;
      return;
    case 'DeviceUpdated':
      for (const [key, value] of Object.entries(event.data.set)) {
        if (isCopyable(key)) draft[key] = cloneJson(value);
      }
      for (const key of event.data.unset) if (isCopyable(key)) delete draft[key];
      return;
    case 'RemoteStateReported':
      setOrDelete(draft, 'remote_state_sip_username', event.data.sipUsername);
      return;
    case 'DeviceConfigurationChanged':
      draft.configured = event.data.configured;
      return;
    case 'SynchronizeRequested':
      return;
  }
};

/** Recomputes `is_new` when the master tenant becomes known or changes. */
export const withMasterTenant = (doc: DeviceDocument, masterTenant: string | undefined): DeviceDocument =>
  doc.is_new === isNew(doc.tenant_uuid, masterTenant)
    ? doc
    : produce(doc, (draft) => {
        draft.is_new = isNew(draft.tenant_uuid, masterTenant);
      });
