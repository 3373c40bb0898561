import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { parseCommand } from '../shared/parse.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from './client/connection.js';
import { ProvdClient, withRefusalHints } from './client/provd-client.js';

export const PLUGIN_UNINSTALL_USAGE = `usage: provd plugin uninstall <id> [--url <url>] [--token <token>] [--config <file>]

Uninstalls a plugin, its installed packages with it. Its devices become unconfigured.

${CONNECTION_USAGE}`;

export const pluginUninstall = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(args, CONNECTION_OPTIONS, PLUGIN_UNINSTALL_USAGE, {
    min: 1,
    max: 1,
  });
  if (values.help === true) return io.out(PLUGIN_UNINSTALL_USAGE);
  const id = positionals[0]!;
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_UNINSTALL_USAGE));
  await withRefusalHints(client.post('/pg_mgr/install/uninstall', { id }), () => [
    '`provd plugin list` shows the installed plugins',
  ]);
  io.out(`uninstalled plugin ${id}`);
};
