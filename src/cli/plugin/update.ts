import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { CliFailure } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, resolveConnection } from './client/connection.js';
import { followOperation } from './client/follow-operation.js';
import { ProvdClient, pkgsOf, withRefusalHints } from './client/provd-client.js';

export const PLUGIN_UPDATE_USAGE = `usage: provd plugin update [--url <url>] [--token <token>] [--config <file>]

Fetches the plugin index again from the plugin repository (the server's plugin_server
parameter, else the repository bundled with provd), showing the download's progress.

${CONNECTION_USAGE}`;

const REPOSITORY_HINT =
  'the repository is the plugin_server parameter: GET or PUT /0.2/configure/plugin_server';

export const pluginUpdate = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(args, CONNECTION_OPTIONS, PLUGIN_UPDATE_USAGE, { min: 0, max: 0 });
  if (values.help === true) return io.out(PLUGIN_UPDATE_USAGE);
  const client = new ProvdClient(resolveConnection(values, env, PLUGIN_UPDATE_USAGE));
  const started = await withRefusalHints(client.post('/pg_mgr/install/update', {}), () => [REPOSITORY_HINT]);
  const outcome = await followOperation(client, started, io);
  if (outcome.state === 'fail') {
    throw new CliFailure(`the index update failed: ${outcome.reason}`, [REPOSITORY_HINT]);
  }
  const path = '/pg_mgr/install/installable';
  const count = Object.keys(pkgsOf(await client.get(path), path)).length;
  io.out(`plugin index updated: ${count} plugin${count === 1 ? '' : 's'} installable`);
};
