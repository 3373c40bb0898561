/** The command groups `provd` runs as a CLI; any other command line starts the server. */
export const CLI_GROUPS = ['token', 'tenant'] as const;

/**
 * Splits `provd [--config f] <group> [<command>] [args…]` into the group and command words and
 * the rest; `--config` may come anywhere and goes with the rest.
 */
export const splitCommandLine = (
  argv: readonly string[],
): { readonly words: readonly string[]; readonly rest: readonly string[] } => {
  const words: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      rest.push(arg, ...argv.slice(i + 1, i + 2));
      i++;
    } else if (words.length < 2 && !arg.startsWith('-')) words.push(arg);
    else rest.push(arg);
  }
  return { words, rest };
};

/** Whether the command line is a CLI command rather than "start the server". */
export const isCliCommandLine = (argv: readonly string[]): boolean => {
  const group = splitCommandLine(argv).words[0];
  return group !== undefined && (CLI_GROUPS as readonly string[]).includes(group);
};
