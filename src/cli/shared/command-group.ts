import type { CliIo } from './cli-io.js';
import { UsageError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** One subcommand: its arguments after the subcommand's name. */
export type CommandRun = (args: readonly string[], env: Env, io: CliIo) => Promise<void>;

/** A group such as `provd token`: picks the subcommand, or shows the group's usage. */
export const commandGroup =
  (group: string, usage: string, commands: Readonly<Record<string, CommandRun>>) =>
  async (command: string | undefined, args: readonly string[], env: Env, io: CliIo): Promise<void> => {
    if (command === undefined) {
      if (args.includes('--help') || args.includes('-h')) return io.out(usage);
      throw new UsageError('missing command', usage);
    }
    const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
    if (run === undefined) throw new UsageError(`unknown command: ${group} ${command}`, usage);
    return run(args, env, io);
  };
