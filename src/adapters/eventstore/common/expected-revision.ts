import { WrongExpectedRevisionError } from '../../../eventstore/errors.js';
import type { ExpectedRevision } from '../../../eventstore/port.js';

/**
 * Throws when a stream whose last revision is `actual` (-1: no event) does not satisfy
 * `expected`. Shared so every local adapter agrees on what each expectation means.
 */
export const checkExpectedRevision = (stream: string, expected: ExpectedRevision, actual: number): void => {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && actual < 0) ||
    (expected === 'stream_exists' && actual >= 0) ||
    expected === actual;
  if (!satisfied) throw new WrongExpectedRevisionError(stream, expected, actual);
};
