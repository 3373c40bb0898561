import { AUDIT_GROUPS } from './audit/audit-commands.js';
import { isCliGroup, splitCommandLine } from './command-line.js';
import { rebuildCommand } from './maintenance/rebuild-command.js';
import { verifyCommand } from './maintenance/verify-command.js';
import { pluginCommand } from './plugin/plugin-command.js';
import type { CliIo } from './shared/cli-io.js';
import type { Env } from './shared/command-group.js';
import { CliFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './shared/errors.js';
import { tenantCommand } from './tenant/tenant-command.js';
import { tokenCommand } from './token/token-command.js';

const GROUPS = {
  token: tokenCommand,
  tenant: tenantCommand,
  plugin: pluginCommand,
  rebuild: rebuildCommand,
  verify: verifyCommand,
  ...AUDIT_GROUPS,
} as const;

/** Runs `provd token …` / `provd tenant …` / `provd plugin …`; resolves with the exit status. */
export const runCli = async (argv: readonly string[], env: Env, io: CliIo): Promise<number> => {
  const { words, rest } = splitCommandLine(argv);
  const [group, command] = words;
  try {
    if (!isCliGroup(group)) throw new UsageError(`unknown command: ${group ?? ''}`);
    await GROUPS[group](command, rest, env, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`provd: ${error.message}`);
      if (error.usage !== undefined) io.err(error.usage);
      return EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      io.err(`provd: ${error.message}`);
      for (const hint of error.hints) io.err(`  ${hint}`);
      return EXIT_FAILURE;
    }
    io.err(`provd: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
};
