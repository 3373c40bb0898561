import { formatBytes } from '../../../application/operations/progress-line.js';
import type { CliIo } from '../../shared/cli-io.js';
import type { Env } from '../../shared/command-group.js';
import { parseCommand } from '../../shared/parse.js';
import { formatTable } from '../../shared/table.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from '../client/connection.js';
import { ProvdClient, pkgsOf, withRefusalHints } from '../client/provd-client.js';
import { packageHints, packagePath } from './package-paths.js';

export const PLUGIN_PACKAGES_USAGE = `usage: provd plugin packages <plugin> [--json] [--url <url>] [--token <token>] [--config <file>]

Lists the optional packages (firmware, languages…) an installed plugin offers, and which are
installed: STATUS is \`installed\`, \`installed <version>\` when another version is, or empty.

  --json            one JSON array (id, version, description, dsize, installed)
${CONNECTION_USAGE}`;

interface OfferedPackage {
  readonly version: string;
  readonly description?: string;
  readonly dsize?: number;
}

export const pluginPackages = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(
    args,
    { ...CONNECTION_OPTIONS, json: { type: 'boolean' } },
    PLUGIN_PACKAGES_USAGE,
    { min: 1, max: 1 },
  );
  if (values.help === true) return io.out(PLUGIN_PACKAGES_USAGE);
  const pluginId = positionals[0]!;
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_PACKAGES_USAGE));
  const listing = async (action: 'installable' | 'installed') => {
    const path = packagePath(pluginId, action);
    const entity = await withRefusalHints(client.get(path), packageHints(pluginId));
    return pkgsOf<OfferedPackage>(entity, path);
  };
  const offered = await listing('installable');
  const installed = await listing('installed');
  // A package the plugin no longer offers can still be installed (carried over by an upgrade).
  const packages = [...new Set([...Object.keys(offered), ...Object.keys(installed)])].sort().map((id) => ({
    id,
    ...(offered[id] ?? installed[id]!),
    installed: installed[id]?.version ?? null,
  }));
  if (values.json === true) return io.out(JSON.stringify(packages));
  if (packages.length === 0) return io.out(`plugin ${pluginId} offers no packages`);
  const rows = packages.map((pkg) => [
    pkg.id,
    pkg.version,
    pkg.installed === null ? '' : pkg.installed === pkg.version ? 'installed' : `installed ${pkg.installed}`,
    pkg.dsize === undefined ? '' : formatBytes(pkg.dsize),
    pkg.description ?? '',
  ]);
  for (const line of formatTable(['ID', 'VERSION', 'STATUS', 'SIZE', 'DESCRIPTION'], rows)) io.out(line);
};
