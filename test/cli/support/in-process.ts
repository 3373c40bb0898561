import { systemRandom } from '../../../src/application/auth/token-secret.js';
import { runCli } from '../../../src/cli/run-cli.js';
import type { ProvdRun } from './run-provd.js';

/** runCli in this process, its output captured: the same code path as `provd`, without a spawn. */
export const inProcess = async (
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  clock: () => Date = () => new Date(),
): Promise<ProvdRun> => {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, env, {
    out: (line) => {
      stdout += `${line}\n`;
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
    clock,
    random: systemRandom,
  });
  return { code, stdout, stderr };
};
