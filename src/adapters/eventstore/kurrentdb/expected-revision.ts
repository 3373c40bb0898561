import {
  ANY,
  type AppendStreamState,
  type CurrentStreamState,
  NO_STREAM,
  STREAM_EXISTS,
  type WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '../../../eventstore/errors.js';
import type { ExpectedRevision } from '../../../eventstore/port.js';

/** The port's expectation in KurrentDB's terms; a revision number becomes the bigint the client wants. */
export const toStreamState = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
};

/**
 * The revision of the stream's last event, -1 when it has none. KurrentDB reports a missing
 * stream as `no_stream` and a deleted one with a negative marker; for a writer both mean "there
 * is no event to be after".
 */
export const toActualRevision = (actual: CurrentStreamState): number =>
  actual === NO_STREAM || actual < 0n ? -1 : Number(actual);

/**
 * Rebuilds the port's conflict error from the client's. The caller's own `expected` is kept
 * rather than the server's echo of it, so the error reads back exactly what was asked.
 */
export const toWrongExpectedRevision = (
  stream: string,
  expected: ExpectedRevision,
  error: WrongExpectedVersionError,
): WrongExpectedRevisionError =>
  new WrongExpectedRevisionError(stream, expected, toActualRevision(error.actualState));
