import type { ExpectedRevision } from './port.js';

/** The stream was not in the state the writer expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or -1 when the stream has none. */
    readonly actual: number,
  ) {
    super(
      `wrong expected revision on stream ${stream}: expected ${String(expected)}, actual ${actual < 0 ? 'no stream' : actual}`,
    );
  }
}

export const isWrongExpectedRevision = (e: unknown): e is WrongExpectedRevisionError =>
  e instanceof WrongExpectedRevisionError;
