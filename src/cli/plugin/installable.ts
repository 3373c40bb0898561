import { formatBytes } from '../../application/operations/progress-line.js';
import { compareVersions } from '../../plugin-runtime/association.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { parseCommand } from '../shared/parse.js';
import { formatTable } from '../shared/table.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from './client/connection.js';
import { ProvdClient, pkgsOf } from './client/provd-client.js';
import { byId, installedPlugins } from './list.js';

export const PLUGIN_INSTALLABLE_USAGE = `usage: provd plugin installable [--json] [--url <url>] [--token <token>] [--config <file>]

Lists the plugins of the repository's index as the server last fetched it (\`provd plugin update\`
fetches it again), with what is installed: STATUS is \`installed\`, \`upgradable from <version>\`
(\`provd plugin upgrade <id>\`), \`installed <version> (newer)\` or empty (not installed).

  --json            one JSON array (id, version, description, dsize, installed, upgradable)
${CONNECTION_USAGE}`;

interface IndexPlugin {
  readonly version: string;
  readonly description?: string;
  readonly dsize?: number;
}

const INSTALLABLE_PATH = '/pg_mgr/install/installable';

const statusOf = (offered: string, installed: string | undefined): string => {
  if (installed === undefined) return '';
  const order = compareVersions(offered, installed);
  if (order > 0) return `upgradable from ${installed}`;
  return order === 0 ? 'installed' : `installed ${installed} (newer)`;
};

export const pluginInstallable = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(
    args,
    { ...CONNECTION_OPTIONS, json: { type: 'boolean' } },
    PLUGIN_INSTALLABLE_USAGE,
    { min: 0, max: 0 },
  );
  if (values.help === true) return io.out(PLUGIN_INSTALLABLE_USAGE);
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_INSTALLABLE_USAGE));
  const offered = byId(pkgsOf<IndexPlugin>(await client.get(INSTALLABLE_PATH), INSTALLABLE_PATH));
  const installed = await installedPlugins(client);
  const plugins = offered.map((plugin) => {
    const version = Object.hasOwn(installed, plugin.id) ? installed[plugin.id]?.version : undefined;
    return {
      ...plugin,
      installed: version ?? null,
      upgradable: version !== undefined && compareVersions(plugin.version, version) > 0,
    };
  });
  if (values.json === true) return io.out(JSON.stringify(plugins));
  if (plugins.length === 0) {
    return io.out('the index is empty: fetch it from the plugin repository with `provd plugin update`');
  }
  const rows = plugins.map((plugin) => [
    plugin.id,
    plugin.version,
    statusOf(plugin.version, plugin.installed ?? undefined),
    plugin.dsize === undefined ? '' : formatBytes(plugin.dsize),
    plugin.description ?? '',
  ]);
  for (const line of formatTable(['ID', 'VERSION', 'STATUS', 'SIZE', 'DESCRIPTION'], rows)) io.out(line);
};
