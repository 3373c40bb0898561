/** The subset of a pino logger the synchronizers use (pino's `(details, message)` order). */
export interface SyncLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export const silentSyncLogger: SyncLogger = { debug: () => {}, warn: () => {} };
