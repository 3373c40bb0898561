import type { Logger } from 'pino';
import { createSynchronizer } from '../adapters/sip-notify/index.js';
import type { SyncTransport } from '../application/admin/device-sync.js';
import type { ServerConfig } from '../config/server-config.js';
import type { OpenedAuth } from './open-auth-backend.js';

/** The configured way of telling phones to re-fetch their files (docs/synchronization.md). */
export const openSynchronizer = (
  config: ServerConfig,
  auth: OpenedAuth | undefined,
  logger: Logger,
): { readonly transport: SyncTransport | undefined; close(): Promise<void> } => {
  const { mode, sipPort, amidUrl } = config.sync;
  if (mode === 'none') return { transport: undefined, close: async () => {} };
  const serviceToken = auth?.serviceToken;
  if (mode === 'ami' && serviceToken === undefined) {
    throw new Error('sync.mode ami needs the wazo-auth backend (wazo-amid takes a wazo-auth token)');
  }
  const synchronizer = createSynchronizer({
    mode,
    sipPort,
    ...(amidUrl === undefined ? {} : { amidUrl }),
    ...(serviceToken === undefined ? {} : { token: serviceToken }),
    logger: logger.child({ component: 'sync' }),
  });
  return {
    transport: (target, plan) => synchronizer.synchronize(target, plan),
    close: () => synchronizer.close(),
  };
};
