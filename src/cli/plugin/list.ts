import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { parseCommand } from '../shared/parse.js';
import { formatTable } from '../shared/table.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from './client/connection.js';
import { ProvdClient, pkgsOf } from './client/provd-client.js';

export const PLUGIN_LIST_USAGE = `usage: provd plugin list [--json] [--url <url>] [--token <token>] [--config <file>]

Lists the plugins installed in the running server, with their version and description.

  --json            one JSON array (id, version, description, capabilities…) instead of a table
${CONNECTION_USAGE}`;

export interface InstalledPlugin {
  readonly version: string;
  readonly description?: string;
}

export const INSTALLED_PATH = '/pg_mgr/install/installed';

/** The installed plugins, by id. */
export const installedPlugins = async (client: ProvdClient): Promise<Record<string, InstalledPlugin>> =>
  pkgsOf<InstalledPlugin>(await client.get(INSTALLED_PATH), INSTALLED_PATH);

/** The entries of a `pkgs` map as an array, in id order: a stable listing. */
export const byId = <T>(pkgs: Record<string, T>): (T & { id: string })[] =>
  Object.entries(pkgs)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, entry]) => ({ id, ...entry }));

export const pluginList = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(
    args,
    { ...CONNECTION_OPTIONS, json: { type: 'boolean' } },
    PLUGIN_LIST_USAGE,
    { min: 0, max: 0 },
  );
  if (values.help === true) return io.out(PLUGIN_LIST_USAGE);
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_LIST_USAGE));
  const plugins = byId(await installedPlugins(client));
  if (values.json === true) return io.out(JSON.stringify(plugins));
  if (plugins.length === 0) return io.out('no plugins installed: see `provd plugin installable`');
  const rows = plugins.map((plugin) => [plugin.id, plugin.version, plugin.description ?? '']);
  for (const line of formatTable(['ID', 'VERSION', 'DESCRIPTION'], rows)) io.out(line);
};
