import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { CliFailure } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from './client/connection.js';
import { followOperation } from './client/follow-operation.js';
import { ProvdClient, withRefusalHints } from './client/provd-client.js';
import { installedPlugins } from './list.js';

export const PLUGIN_INSTALL_USAGE = `usage: provd plugin install <id> [--url <url>] [--token <token>] [--config <file>]

Installs a plugin of the index (\`provd plugin installable\`), showing the download's progress,
and waits until the server runs it. Interrupting the command does not stop the install.

${CONNECTION_USAGE}`;

export const PLUGIN_UPGRADE_USAGE = `usage: provd plugin upgrade <id> [--url <url>] [--token <token>] [--config <file>]

Installs the index's version of an installed plugin over it, showing the download's progress;
the running version serves until the new one is ready. Interrupting the command does not stop
the upgrade.

${CONNECTION_USAGE}`;

const INDEX_HINT = '`provd plugin installable` shows what the index offers and what is installed';

/** `provd plugin install` and `provd plugin upgrade`: the same operation on provd's two routes. */
const installCommand =
  (action: 'install' | 'upgrade', usage: string) =>
  async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
    const { values, positionals } = parseCommand(args, CONNECTION_OPTIONS, usage, { min: 1, max: 1 });
    if (values.help === true) return io.out(usage);
    const id = positionals[0]!;
    const client = new ProvdClient(resolveConnection(values, env, usage));
    const started = await withRefusalHints(client.post(`/pg_mgr/install/${action}`, { id }), () => [
      INDEX_HINT,
    ]);
    const outcome = await followOperation(client, started, io, id);
    if (outcome.state === 'fail') throw new CliFailure(`${action} of plugin ${id} failed: ${outcome.reason}`);
    const version = (await installedPlugins(client))[id]?.version;
    if (action === 'install') io.out(`installed plugin ${id}${version === undefined ? '' : ` ${version}`}`);
    else io.out(`upgraded plugin ${id}${version === undefined ? '' : ` to ${version}`}`);
  };

export const pluginInstall = installCommand('install', PLUGIN_INSTALL_USAGE);
export const pluginUpgrade = installCommand('upgrade', PLUGIN_UPGRADE_USAGE);
