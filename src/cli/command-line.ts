/** The command groups `provd` runs as a CLI; any other command line starts the server. */
export const CLI_GROUPS = [
  'token',
  'tenant',
  'plugin',
  'rebuild',
  'verify',
  'history',
  'state',
  'files',
  'events',
] as const;

export type CliGroup = (typeof CLI_GROUPS)[number];

/**
 * Options whose value is the next word: that word must not be taken for a command (nor shown
 * back as one in an error, which for `--token` would print a secret).
 */
const VALUE_OPTIONS = new Set([
  '--config',
  '--url',
  '--token',
  '--projection',
  '--data-dir',
  // The audit commands' (src/cli/audit): `provd state --at <when> <device>`.
  '--at',
  '--from',
  '--to',
  '--type',
  '--tenant',
  '--device',
  '--after',
  '--lines',
  '-n',
]);

/**
 * Splits `provd [--config f] <group> [<command>] [args…]` into the group and command words and
 * the rest; `--config` (and the plugin commands' `--url` and `--token`) may come anywhere and go
 * with the rest.
 */
export const splitCommandLine = (
  argv: readonly string[],
): { readonly words: readonly string[]; readonly rest: readonly string[] } => {
  const words: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUE_OPTIONS.has(arg)) {
      rest.push(arg, ...argv.slice(i + 1, i + 2));
      i++;
    } else if (words.length < 2 && !arg.startsWith('-')) words.push(arg);
    else rest.push(arg);
  }
  return { words, rest };
};

export const isCliGroup = (word: string | undefined): word is CliGroup =>
  word !== undefined && (CLI_GROUPS as readonly string[]).includes(word);

/** Whether the command line is a CLI command rather than "start the server". */
export const isCliCommandLine = (argv: readonly string[]): boolean =>
  isCliGroup(splitCommandLine(argv).words[0]);
