export interface TenantSyncLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * Runs `reconcile` `startSec` after start, then every `intervalSec` (provd's syncdb timers), one
 * run at a time; a failed run is logged and retried at the next tick. Never keeps the process up.
 */
export const startTenantSyncJob = (
  reconcile: () => Promise<{ deletedDevices: readonly string[]; removedTenantSettings: readonly string[] }>,
  timers: { readonly startSec: number; readonly intervalSec: number },
  logger: TenantSyncLogger,
): { stop(): Promise<void> } => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = (): void => {
    running = reconcile().then(
      (outcome) => {
        if (outcome.deletedDevices.length > 0 || outcome.removedTenantSettings.length > 0) {
          logger.info(
            { devices: outcome.deletedDevices.length, tenants: outcome.removedTenantSettings },
            'devices and settings of deleted tenants removed',
          );
        }
      },
      (error: unknown) =>
        logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'tenant sync failed'),
    );
    running.finally(() => {
      if (!stopped) schedule(timers.intervalSec);
    });
  };
  const schedule = (seconds: number): void => {
    timer = setTimeout(run, Math.max(0, seconds * 1000));
    timer.unref();
  };
  schedule(timers.startSec);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
