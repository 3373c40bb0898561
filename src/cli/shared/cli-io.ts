import { type RandomBytes, systemRandom } from '../../application/auth/token-secret.js';

/** What a CLI command may touch besides the event store: injected so tests can pin them. */
export interface CliIo {
  /** One line of results (standard output). */
  out(line: string): void;
  /** One line of diagnostics (standard error). */
  err(line: string): void;
  readonly clock: () => Date;
  readonly random: RandomBytes;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  clock: () => new Date(),
  random: systemRandom,
};
