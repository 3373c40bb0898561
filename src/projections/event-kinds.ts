import type { DeviceEvent, DeviceEventType } from '../domain/device/events.js';
import type { StoredDomainEvent } from '../domain/events/domain-event.js';

/** Typed as a record so adding a device event type without listing it here fails to compile. */
const DEVICE_EVENT_TYPES: { readonly [T in DeviceEventType]: true } = {
  DeviceDiscovered: true,
  DeviceCreated: true,
  DeviceInfoChanged: true,
  PluginAssociated: true,
  ConfigAssigned: true,
  DeviceAssociatedToLine: true,
  DeviceResetToAutoprov: true,
  TenantAssigned: true,
  DeviceUpdated: true,
  DeviceDeleted: true,
  SynchronizeRequested: true,
  RemoteStateReported: true,
  DeviceConfigurationChanged: true,
};

export const isDeviceEvent = (event: StoredDomainEvent): event is StoredDomainEvent<DeviceEvent> =>
  Object.hasOwn(DEVICE_EVENT_TYPES, event.type);
