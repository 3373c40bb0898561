/** The command line itself is wrong: exit status 2, with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The usage text to show after the message. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The command was understood but refused or failed: exit status 1. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    message: string,
    /** Further lines telling the operator what to do about it. */
    readonly hints: readonly string[] = [],
  ) {
    super(message);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
