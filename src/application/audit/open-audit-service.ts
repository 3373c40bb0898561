import { join } from 'node:path';
import type { EventStore } from '../../eventstore/port.js';
import type { PluginLogger } from '../../plugin-runtime/logger.js';
import type { ActivePlugin } from '../plugins/active-plugins.js';
import { PluginDirs } from '../plugins/installed/plugin-dirs.js';
import { AuditService } from './audit-service.js';
import { KeptPluginVersions } from './plugin-versions.js';

/**
 * The audit service over a data directory: its log, and its plugins folder for the versions kept
 * there. `installed`: the version running now (the server's registry; the CLI loads the folder).
 */
export const openAuditService = (deps: {
  readonly store: EventStore;
  readonly dataDir: string;
  readonly installed: (id: string) => Promise<ActivePlugin | undefined>;
  readonly urlKey: boolean;
  readonly logger?: PluginLogger;
}): AuditService =>
  new AuditService({
    store: deps.store,
    urlKey: deps.urlKey,
    plugins: new KeptPluginVersions({
      dirs: new PluginDirs(join(deps.dataDir, 'plugins')),
      installed: deps.installed,
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    }),
  });
