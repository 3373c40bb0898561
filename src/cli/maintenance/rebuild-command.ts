import { Operation } from '../../application/operations/operation.js';
import { progressLine } from '../../application/operations/progress-line.js';
import { ALL_PROJECTIONS } from '../../projections/read-models.js';
import { rebuildAside } from '../../projections/rebuild/rebuild-aside.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { openReadModelDb } from '../../projections/runner/read-model-db.js';
import { CONNECTION_OPTIONS } from '../plugin/client/connection.js';
import { followOperation } from '../plugin/client/follow-operation.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { CliFailure, UsageError } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';
import { progressDisplay } from '../shared/progress-display.js';
import { withDataDir } from './data-dir-mode.js';
import { SERVER_USAGE, serverClient } from './server-client.js';

// On two lines, to keep the help within the width of the rest of the text.
const PROJECTION_NAMES = ALL_PROJECTIONS.map((projection) => projection.name)
  .join(', ')
  .replace(/((?:[^,]+,){5}) /, '$1\n                       ');

export const REBUILD_USAGE = `usage: provd rebuild [--projection <name>] [--url <url>] [--token <token>] [--config <file>]
       provd rebuild [--projection <name>] --data-dir <dir> [--config <file>]

Rebuilds the read models (one projection, or all of them) from the event log, showing the
progress. The running server does it (POST /0.2/admin/rebuild) while it keeps serving: the copy
is built aside and swapped in once it has caught up. With --data-dir, the server being stopped,
it is done here, directly in that data directory. Interrupted, a rebuild carries on at the
server's next start.

  --projection <name>  ${PROJECTION_NAMES} (default: all)
  --data-dir <dir>     rebuild in this data directory instead of asking the server
${SERVER_USAGE('provd.admin.rebuild.create')}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  projection: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

const describe = (name: string | undefined): string =>
  name === undefined ? 'every projection' : `projection ${name}`;

export const rebuildCommand = async (
  command: string | undefined,
  args: readonly string[],
  env: Env,
  io: CliIo,
): Promise<void> => {
  const { values } = parseCommand(command === undefined ? args : [command, ...args], OPTIONS, REBUILD_USAGE, {
    min: 0,
    max: 0,
  });
  if (values.help === true) return io.out(REBUILD_USAGE);
  const name = values.projection;
  const dataDir = values['data-dir'];
  if (dataDir === undefined) return rebuildThroughServer(name, values, env, io);
  if (values.url !== undefined || values.token !== undefined) {
    throw new UsageError('--data-dir works on the files: it takes neither --url nor --token', REBUILD_USAGE);
  }
  return rebuildInDataDir(name, dataDir, values, env, io);
};

const rebuildThroughServer = async (
  name: string | undefined,
  values: { readonly url?: string; readonly token?: string; readonly config?: string },
  env: Env,
  io: CliIo,
): Promise<void> => {
  const client = serverClient(values, env, REBUILD_USAGE);
  const started = await client.post('/admin/rebuild', name === undefined ? {} : { projection: name });
  const outcome = await followOperation(client, started, io, undefined, { counts: 'events' });
  if (outcome.state === 'fail')
    throw new CliFailure(`the rebuild of ${describe(name)} failed: ${outcome.reason}`);
  io.out(`rebuilt ${describe(name)}`);
};

const rebuildInDataDir = async (
  name: string | undefined,
  dataDir: string,
  values: { readonly config?: string },
  env: Env,
  io: CliIo,
): Promise<void> => {
  const projections = name === undefined ? ALL_PROJECTIONS : ALL_PROJECTIONS.filter((p) => p.name === name);
  if (projections.length === 0) {
    throw new CliFailure(`unknown projection "${name}"`, [
      `the projections are: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`,
    ]);
  }
  const alternative = 'then run provd rebuild without --data-dir: the server rebuilds while serving';
  await withDataDir(
    dataDir,
    values,
    env,
    { exclusive: true, alternative },
    async ({ store, readModelFile }) => {
      const db = openReadModelDb(readModelFile);
      const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
      const operation = new Operation('rebuild').start();
      const display = progressDisplay(io);
      const started = Date.now();
      try {
        await rebuildAside({
          store,
          db,
          runner,
          projections,
          onProgress: (position, head) => {
            operation.progress(Math.max(0, position), Math.max(0, head));
            display.show(progressLine(operation, { counts: 'events' }));
          },
        });
        operation.succeed();
        display.show(progressLine(operation, { counts: 'events' }));
      } finally {
        display.end();
        await runner.stop();
        db.close();
      }
      io.out(`rebuilt ${describe(name)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  );
};
