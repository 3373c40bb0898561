import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import type { ServerConfig } from '../../config/server-config.js';
import type { EventStore } from '../../eventstore/port.js';
import { DataDirError, lockDataDir } from '../../server/data-dir.js';
import { openEventStore } from '../../server/open-event-store.js';
import type { Env } from '../shared/command-group.js';
import { CliFailure, UsageError } from '../shared/errors.js';

export interface DataDirParts {
  readonly config: ServerConfig;
  readonly store: EventStore;
  /** `<data dir>/readmodel.db`. */
  readonly readModelFile: string;
}

/**
 * Works on a data directory directly, the server's configuration (`--config`, PROVD_*) with
 * `dataDir` in place of its own, so the event log is the server's even in KurrentDB. `exclusive`:
 * take the directory's lock first, which a running server holds.
 */
export const withDataDir = async <T>(
  dataDir: string,
  values: { readonly config?: string },
  env: Env,
  options: { readonly exclusive: boolean; readonly alternative: string },
  work: (parts: DataDirParts) => Promise<T>,
): Promise<T> => {
  let config: ServerConfig;
  try {
    config = { ...loadConfig(values.config === undefined ? [] : ['--config', values.config], env), dataDir };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const readModelFile = join(dataDir, 'readmodel.db');
  if (config.eventStore === 'sqlite' && !existsSync(join(dataDir, 'events.db'))) {
    // Opening the store would create an empty log and hide a wrong directory behind it.
    throw new CliFailure(`no event log in ${resolve(dataDir)}`, [
      "--data-dir names the server's data directory",
    ]);
  }
  let release = (): void => {};
  if (options.exclusive) {
    try {
      release = lockDataDir(dataDir).release;
    } catch (error) {
      if (!(error instanceof DataDirError)) throw error;
      throw new CliFailure(error.message, [`is the server running? ${options.alternative}`]);
    }
  }
  try {
    const { store } = openEventStore(config);
    try {
      return await work({ config, store, readModelFile });
    } finally {
      await store.close();
    }
  } finally {
    release();
  }
};
