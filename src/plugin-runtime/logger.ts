/** The subset of a pino logger the plugin runtime uses (pino's `(details, message)` order). */
export interface PluginLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: PluginLogger = { warn: () => {}, error: () => {} };
