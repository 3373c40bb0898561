import type { StoredDomainEvent } from '../../domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import {
  createRenderQueueTables,
  deleteQueuedDevice,
  dropRenderQueueTables,
  markAllCommonDirty,
  markAllDevicesDirty,
  markCommonDirty,
  markConfigUsersDirty,
  markDeviceDirty,
  markPluginDevicesDirty,
  markTenantDevicesDirty,
  type QueuedDevice,
  readQueuedDevice,
  replaceConfigParents,
  setPluginInstalled,
  writeQueuedDevice,
} from './render-queue-tables.js';

const EMPTY: QueuedDevice = { config: null, plugin: null, tenant_uuid: null };

/**
 * Which devices' files (and which plugins' common files) must be rendered again, as a fold of
 * the log: every event that can change what a phone is served marks what it affects. Rendering
 * itself is done outside the fold by the file-cache renderer (src/application/file-cache), in
 * small slices, so that a change shared by thousands of devices never stalls phone traffic; a
 * phone that asks for a file of a marked device has it rendered first.
 */
export const renderQueueProjection: Projection = {
  name: 'render_queue',
  version: 1,
  setup: createRenderQueueTables,
  reset: dropRenderQueueTables,
  drained: ['render_dirty', 'render_common_dirty'],
  apply(db: ReadModelDb, event: StoredDomainEvent): void {
    const { position } = event;
    switch (event.type) {
      case 'DeviceDiscovered':
      case 'DeviceCreated': {
        const fields = event.type === 'DeviceCreated' ? event.data.fields : {};
        writeQueuedDevice(db, event.data.deviceId, {
          config: typeof fields.config === 'string' ? fields.config : null,
          plugin: typeof fields.plugin === 'string' ? fields.plugin : null,
          tenant_uuid: event.data.tenantUuid,
        });
        markDeviceDirty(db, event.data.deviceId, position);
        return;
      }
      case 'PluginAssociated':
        updateDevice(db, event.data.deviceId, { plugin: event.data.plugin });
        markDeviceDirty(db, event.data.deviceId, position);
        return;
      case 'ConfigAssigned':
      case 'DeviceAssociatedToLine':
      case 'DeviceResetToAutoprov':
        updateDevice(db, event.data.deviceId, { config: event.data.config });
        markDeviceDirty(db, event.data.deviceId, position);
        return;
      case 'TenantAssigned':
        updateDevice(db, event.data.deviceId, { tenant_uuid: event.data.tenantUuid });
        markDeviceDirty(db, event.data.deviceId, position);
        return;
      case 'DeviceInfoChanged':
      case 'DeviceUpdated':
        markDeviceDirty(db, event.data.deviceId, position);
        return;
      case 'DeviceDeleted':
        // Still marked: the renderer removes the files of a device that no longer exists.
        deleteQueuedDevice(db, event.data.deviceId);
        markDeviceDirty(db, event.data.deviceId, position);
        return;
      case 'ConfigCreated':
      case 'ConfigUpdated':
        replaceConfigParents(db, event.data.configId, event.data.config.parent_ids);
        markConfigUsersDirty(db, event.data.configId, position);
        return;
      case 'ConfigDeleted':
        // The graph keeps the deleted config's edges: re-creating it reconnects its children.
        markConfigUsersDirty(db, event.data.configId, position);
        return;
      case 'BaseRawConfigChanged':
        markAllDevicesDirty(db, position);
        markAllCommonDirty(db, position);
        return;
      case 'ProvisioningKeySet':
      case 'TenantSettingsRemoved':
        // With the url_key strategy a device's files carry its tenant's key.
        markTenantDevicesDirty(db, event.data.tenantUuid, position);
        return;
      case 'MasterTenantSet':
        markAllDevicesDirty(db, position);
        return;
      case 'PluginInstalled':
      case 'PluginUpgraded':
      case 'PluginUninstalled':
        setPluginInstalled(db, event.data.pluginId, event.type !== 'PluginUninstalled');
        markPluginDevicesDirty(db, event.data.pluginId, position);
        markCommonDirty(db, event.data.pluginId, position);
        return;
      case 'PluginPackageInstalled':
      case 'PluginPackageUninstalled':
        // Templates may reference installed firmware files by name.
        markPluginDevicesDirty(db, event.data.pluginId, position);
        markCommonDirty(db, event.data.pluginId, position);
        return;
      default:
        return;
    }
  },
};

const updateDevice = (db: ReadModelDb, deviceId: string, change: Partial<QueuedDevice>): void => {
  const current = readQueuedDevice(db, deviceId);
  if (current === undefined) return;
  writeQueuedDevice(db, deviceId, { ...EMPTY, ...current, ...change });
};
