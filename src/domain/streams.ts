/** Stream naming: one stream per aggregate instance, prefixed by its category. */
export const deviceStream = (deviceId: string): string => `device-${deviceId}`;
export const configStream = (configId: string): string => `config-${configId}`;
export const pluginStream = (pluginId: string): string => `plugin-${pluginId}`;
/** Server-wide parameters, per-tenant settings and the base raw config share one stream. */
export const SETTINGS_STREAM = 'settings';

export type StreamCategory = 'device' | 'config' | 'plugin' | 'settings';

export const streamCategory = (stream: string): StreamCategory | undefined => {
  if (stream === SETTINGS_STREAM) return 'settings';
  const dash = stream.indexOf('-');
  const prefix = dash < 0 ? stream : stream.slice(0, dash);
  return prefix === 'device' || prefix === 'config' || prefix === 'plugin' ? prefix : undefined;
};
