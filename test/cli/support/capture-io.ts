import { systemRandom } from '../../../src/application/auth/token-secret.js';
import type { CliIo } from '../../../src/cli/shared/cli-io.js';

/** A CliIo whose output a test can watch while the command runs. */
export interface CapturedIo {
  readonly io: CliIo;
  readonly out: string[];
  readonly err: string[];
  /** What was written to the terminal, when `terminal` was asked for. */
  terminalText(): string;
  /** Resolves once a line of standard error matches. */
  errLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export const captureIo = (options: { readonly terminal?: boolean } = {}): CapturedIo => {
  const out: string[] = [];
  const err: string[] = [];
  let terminal = '';
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    clock: () => new Date(),
    random: systemRandom,
    ...(options.terminal === true
      ? {
          terminal: {
            write: (text: string) => {
              terminal += text;
            },
          },
        }
      : {}),
  };
  return {
    io,
    out,
    err,
    terminalText: () => terminal,
    errLine: async (pattern, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = err.find((candidate) => pattern.test(candidate));
        if (line !== undefined) return line;
        if (Date.now() > deadline)
          throw new Error(`no line of stderr matched ${pattern}:\n${err.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
};
