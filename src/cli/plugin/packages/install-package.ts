import type { CliIo } from '../../shared/cli-io.js';
import type { Env } from '../../shared/command-group.js';
import { CliFailure } from '../../shared/errors.js';
import { parseCommand } from '../../shared/parse.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from '../client/connection.js';
import { followOperation } from '../client/follow-operation.js';
import { ProvdClient, withRefusalHints } from '../client/provd-client.js';
import { packageHints, packagePath } from './package-paths.js';

export const PLUGIN_INSTALL_PACKAGE_USAGE = `usage: provd plugin install-package <plugin> <package> [--url <url>] [--token <token>]
                                     [--config <file>]

Installs (or reinstalls) a package of an installed plugin (\`provd plugin packages <plugin>\`),
showing the progress of its downloads. Interrupting the command does not stop the install.

${CONNECTION_USAGE}`;

export const pluginInstallPackage = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(args, CONNECTION_OPTIONS, PLUGIN_INSTALL_PACKAGE_USAGE, {
    min: 2,
    max: 2,
  });
  if (values.help === true) return io.out(PLUGIN_INSTALL_PACKAGE_USAGE);
  const [pluginId, packageId] = positionals as [string, string];
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_INSTALL_PACKAGE_USAGE));
  const started = await withRefusalHints(
    client.post(packagePath(pluginId, 'install'), { id: packageId }),
    packageHints(pluginId),
  );
  const outcome = await followOperation(client, started, io, `${pluginId} ${packageId}`);
  if (outcome.state === 'fail') {
    throw new CliFailure(`install of package ${packageId} of plugin ${pluginId} failed: ${outcome.reason}`);
  }
  io.out(`installed package ${packageId} of plugin ${pluginId}`);
};
