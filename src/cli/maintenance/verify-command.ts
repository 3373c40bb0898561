import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Operation } from '../../application/operations/operation.js';
import { progressLine } from '../../application/operations/progress-line.js';
import { ALL_PROJECTIONS } from '../../projections/read-models.js';
import { openSnapshot } from '../../projections/verify/snapshot.js';
import { type VerifyReport, verifyReadModels } from '../../projections/verify/verify-read-models.js';
import { CONNECTION_OPTIONS } from '../plugin/client/connection.js';
import { followOperation } from '../plugin/client/follow-operation.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { CliFailure, UsageError } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';
import { progressDisplay } from '../shared/progress-display.js';
import { withDataDir } from './data-dir-mode.js';
import { SERVER_USAGE, serverClient } from './server-client.js';
import { reportLines } from './verify-report-lines.js';

export const VERIFY_USAGE = `usage: provd verify [--url <url>] [--token <token>] [--config <file>]
       provd verify --data-dir <dir> [--config <file>]

Rebuilds every projection in memory from the event log, up to the position the stored read
models are at, and compares them table by table, row by row. Prints each difference (projection,
table, key, the row expected from the log and the one found) and exits with 1 if there is any,
0 when the read models are identical. The running server does it (POST /0.2/admin/verify); with
--data-dir it is done here on that data directory's files (a running server may go on).

  --data-dir <dir>     verify this data directory instead of asking the server
${SERVER_USAGE('provd.admin.verify.create')}`;

const OPTIONS = { ...CONNECTION_OPTIONS, 'data-dir': { type: 'string' } } as const;

export const verifyCommand = async (
  command: string | undefined,
  args: readonly string[],
  env: Env,
  io: CliIo,
): Promise<void> => {
  const { values } = parseCommand(command === undefined ? args : [command, ...args], OPTIONS, VERIFY_USAGE, {
    min: 0,
    max: 0,
  });
  if (values.help === true) return io.out(VERIFY_USAGE);
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && (values.url !== undefined || values.token !== undefined)) {
    throw new UsageError('--data-dir works on the files: it takes neither --url nor --token', VERIFY_USAGE);
  }
  const report =
    dataDir === undefined
      ? await verifyThroughServer(values, env, io)
      : await verifyDataDir(dataDir, values, env, io);
  const { out, summary } = reportLines(report);
  for (const line of out) io.out(line);
  if (!report.identical) throw new CliFailure(summary);
  io.out(summary);
};

const verifyThroughServer = async (
  values: { readonly url?: string; readonly token?: string; readonly config?: string },
  env: Env,
  io: CliIo,
): Promise<VerifyReport> => {
  const client = serverClient(values, env, VERIFY_USAGE);
  const started = await client.post('/admin/verify', {});
  const outcome = await followOperation(client, started, io, undefined, { counts: 'events' });
  if (outcome.state === 'fail') throw new CliFailure(`the verification could not run: ${outcome.reason}`);
  const report = (outcome.entity as { report?: VerifyReport } | null)?.report;
  if (report === undefined) throw new CliFailure('the server answered no report');
  return report;
};

const verifyDataDir = (
  dataDir: string,
  values: { readonly config?: string },
  env: Env,
  io: CliIo,
): Promise<VerifyReport> =>
  withDataDir(
    dataDir,
    values,
    env,
    { exclusive: false, alternative: '' },
    async ({ store, readModelFile }) => {
      if (!existsSync(readModelFile))
        throw new CliFailure(`no read models in ${resolve(dataDir)} (readmodel.db)`);
      const snapshot = openSnapshot(readModelFile);
      const operation = new Operation('verify').start();
      const display = progressDisplay(io);
      try {
        const report = await verifyReadModels({
          store,
          stored: snapshot.db,
          projections: ALL_PROJECTIONS,
          onProgress: (position, end) => {
            operation.progress(Math.max(0, position), Math.max(0, end));
            display.show(progressLine(operation, { counts: 'events' }));
          },
        });
        display.show(progressLine(operation.succeed(), { counts: 'events' }));
        return report;
      } finally {
        display.end();
        snapshot.close();
      }
    },
  );
