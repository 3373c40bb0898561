import type { CliIo } from '../shared/cli-io.js';
import type { CommandRun, Env } from '../shared/command-group.js';
import { eventsCommand } from './events/events-command.js';
import { files } from './files.js';
import { history } from './history.js';
import { state } from './state.js';

/**
 * A command without subcommands (`provd history <device>`) in the dispatcher's shape: the word
 * the dispatcher took for a subcommand is the command's first argument.
 */
const single =
  (run: CommandRun) =>
  (command: string | undefined, args: readonly string[], env: Env, io: CliIo): Promise<void> =>
    run(command === undefined ? args : [command, ...args], env, io);

/** What auditors ask (docs/audit.md), by command group. */
export const AUDIT_GROUPS = {
  history: single(history),
  state: single(state),
  files: single(files),
  events: eventsCommand,
} as const;
