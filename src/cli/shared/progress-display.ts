import type { CliIo } from './cli-io.js';

/** A line of progress that changes over time: a bar being filled. */
export interface ProgressDisplay {
  show(line: string): void;
  /** Leaves the last line on screen; the next output starts on a line of its own. */
  end(): void;
}

/**
 * On a terminal, one line redrawn in place (`\r`, padded over what a longer line left);
 * elsewhere, one line per change through `err`, so a log keeps every step and no `\r`.
 */
export const progressDisplay = (io: CliIo): ProgressDisplay => {
  const terminal = io.terminal;
  let last: string | undefined;
  if (terminal === undefined) {
    return {
      show: (line) => {
        if (line !== last) io.err(line);
        last = line;
      },
      end: () => {},
    };
  }
  return {
    show: (line) => {
      if (line === last) return;
      terminal.write(`\r${line.padEnd(last?.length ?? 0)}`);
      last = line;
    },
    end: () => {
      if (last !== undefined) terminal.write('\n');
      last = undefined;
    },
  };
};
