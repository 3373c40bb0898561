import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteEventStore } from '../../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { bootstrapMasterTenant } from '../../../src/application/auth/bootstrap-master-tenant.js';
import { bootstrapSettings } from '../../../src/application/bootstrap-settings.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(repositoryRoot, 'src', 'main.ts');

export interface ProvdRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `provd <args>` as an operator runs it: its own Node process (TypeScript through tsx), the
 * data dir and any other setting from PROVD_* variables only.
 */
export const runProvd = (
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ProvdRun> =>
  new Promise((resolve, reject) => {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('PROVD_')),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      cwd: repositoryRoot,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

/** What a first server start leaves in a data dir: the master tenant, in the settings and the tree. */
export const seedDataDir = async (dataDir: string, masterTenant: string): Promise<void> => {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
  try {
    await bootstrapSettings(store, { baseRawConfig: {}, masterTenant });
    await bootstrapMasterTenant(store, masterTenant);
  } finally {
    await store.close();
  }
};

/** The value of a `name: value` line of `provd token create`'s output. */
export const field = (stdout: string, name: string): string => {
  const match = new RegExp(`^${name}:\\s+(\\S+)$`, 'm').exec(stdout);
  if (match === null) throw new Error(`no "${name}:" line in:\n${stdout}`);
  return match[1]!;
};
