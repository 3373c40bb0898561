import { TenantReadModel } from './auth/tenant-read-model.js';
import { tenantsProjection } from './auth/tenants-projection.js';
import { TokenReadModel } from './auth/token-read-model.js';
import { tokensProjection } from './auth/tokens-projection.js';
import { ConfigReadModel } from './configs/config-read-model.js';
import { configsProjection } from './configs/configs-projection.js';
import { DeviceReadModel } from './devices/device-read-model.js';
import { devicesProjection } from './devices/devices-projection.js';
import { deviceHistoryProjection } from './history/device-history-projection.js';
import { DeviceHistoryReadModel } from './history/device-history-read-model.js';
import { PluginReadModel } from './plugins/plugin-read-model.js';
import { pluginsProjection } from './plugins/plugins-projection.js';
import { renderQueueProjection } from './render-queue/render-queue-projection.js';
import {
  StreamRevisionReadModel,
  streamRevisionsProjection,
} from './revisions/stream-revisions-projection.js';
import type { Projection, ReadModelDb } from './runner/projection.js';
import { settingsProjection } from './settings/settings-projection.js';
import { SettingsReadModel } from './settings/settings-read-model.js';

/** Every projection the server runs, in the order they see each event. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  devicesProjection,
  configsProjection,
  deviceHistoryProjection,
  settingsProjection,
  pluginsProjection,
  renderQueueProjection,
  streamRevisionsProjection,
  tokensProjection,
  tenantsProjection,
];

export interface ReadModels {
  readonly devices: DeviceReadModel;
  readonly configs: ConfigReadModel;
  readonly deviceHistory: DeviceHistoryReadModel;
  readonly settings: SettingsReadModel;
  readonly plugins: PluginReadModel;
  readonly revisions: StreamRevisionReadModel;
  readonly tokens: TokenReadModel;
  readonly tenants: TenantReadModel;
}

/** Query objects over a read-model database kept up to date by a runner with ALL_PROJECTIONS. */
export const createReadModels = (db: ReadModelDb): ReadModels => ({
  devices: new DeviceReadModel(db),
  configs: new ConfigReadModel(db),
  deviceHistory: new DeviceHistoryReadModel(db),
  settings: new SettingsReadModel(db),
  plugins: new PluginReadModel(db),
  revisions: new StreamRevisionReadModel(db),
  tokens: new TokenReadModel(db),
  tenants: new TenantReadModel(db),
});
