import type { CliIo } from '../../shared/cli-io.js';
import type { Env } from '../../shared/command-group.js';
import { parseCommand } from '../../shared/parse.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from '../client/connection.js';
import { ProvdClient, withRefusalHints } from '../client/provd-client.js';
import { packageHints, packagePath } from './package-paths.js';

export const PLUGIN_UNINSTALL_PACKAGE_USAGE = `usage: provd plugin uninstall-package <plugin> <package> [--url <url>] [--token <token>]
                                       [--config <file>]

Removes the files an installed package of a plugin put in place.

${CONNECTION_USAGE}`;

export const pluginUninstallPackage = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(args, CONNECTION_OPTIONS, PLUGIN_UNINSTALL_PACKAGE_USAGE, {
    min: 2,
    max: 2,
  });
  if (values.help === true) return io.out(PLUGIN_UNINSTALL_PACKAGE_USAGE);
  const [pluginId, packageId] = positionals as [string, string];
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_UNINSTALL_PACKAGE_USAGE));
  await withRefusalHints(
    client.post(packagePath(pluginId, 'uninstall'), { id: packageId }),
    packageHints(pluginId),
  );
  io.out(`uninstalled package ${packageId} of plugin ${pluginId}`);
};
