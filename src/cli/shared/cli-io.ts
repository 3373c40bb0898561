import { type RandomBytes, systemRandom } from '../../application/auth/token-secret.js';

/** Standard error when it is a terminal: what may be redrawn in place. */
export interface Terminal {
  /** Writes as is: no newline added, so `\r` can return to the start of the line. */
  write(text: string): void;
}

/** What a CLI command may touch besides the event store: injected so tests can pin them. */
export interface CliIo {
  /** One line of results (standard output). */
  out(line: string): void;
  /** One line of diagnostics (standard error). */
  err(line: string): void;
  readonly clock: () => Date;
  readonly random: RandomBytes;
  /**
   * Set when standard error is a terminal: progress bars are redrawn in place there. Without
   * it, progress comes through `err` as one line per change (logs, pipes, CI).
   */
  readonly terminal?: Terminal;
}

// A reader that goes away (`provd events export | head`) ends the command, quietly: a pipe closed
// early is how such a reader says it has enough.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  clock: () => new Date(),
  random: systemRandom,
  ...(process.stderr.isTTY ? { terminal: { write: (text: string) => process.stderr.write(text) } } : {}),
};
