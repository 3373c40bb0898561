import { fileURLToPath } from 'node:url';
import type { DeviceDocument } from '../../../src/domain/device/document.js';
import { type LoadedPlugin, loadPlugin } from '../../../src/plugin-runtime/load-plugin.js';

/** The repository's `plugins/<id>` folder. */
export const pluginDir = (id: string): string =>
  fileURLToPath(new URL(`../../../plugins/${id}`, import.meta.url));

export const loadShippedPlugin = (id: string): Promise<LoadedPlugin> => loadPlugin(pluginDir(id));

export const device = (fields: Partial<DeviceDocument> = {}): DeviceDocument => ({
  id: 'dev1',
  tenant_uuid: 'tenant1',
  is_new: false,
  configured: true,
  ...fields,
});
