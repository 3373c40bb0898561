/** Stream naming: one stream per aggregate instance, prefixed by its category. */
export const deviceStream = (deviceId: string): string => `device-${deviceId}`;
export const configStream = (configId: string): string => `config-${configId}`;
export const pluginStream = (pluginId: string): string => `plugin-${pluginId}`;
export const tokenStream = (tokenId: string): string => `token-${tokenId}`;
export const tenantStream = (tenantUuid: string): string => `tenant-${tenantUuid}`;
/** Server-wide parameters, per-tenant settings and the base raw config share one stream. */
export const SETTINGS_STREAM = 'settings';

export type StreamCategory = 'device' | 'config' | 'plugin' | 'settings' | 'token' | 'tenant';

const PREFIXED: ReadonlySet<string> = new Set<StreamCategory>([
  'device',
  'config',
  'plugin',
  'token',
  'tenant',
]);

export const streamCategory = (stream: string): StreamCategory | undefined => {
  if (stream === SETTINGS_STREAM) return 'settings';
  const dash = stream.indexOf('-');
  const prefix = dash < 0 ? stream : stream.slice(0, dash);
  return PREFIXED.has(prefix) ? (prefix as StreamCategory) : undefined;
};
