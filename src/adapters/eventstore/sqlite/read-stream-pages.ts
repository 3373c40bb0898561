import type { RecordedEvent } from '../../../eventstore/envelope.js';
import type { ReadStreamOptions } from '../../../eventstore/port.js';
import { assertStreamName, toStreamRange } from '../common/input-validation.js';
import { toRecordedEvent } from '../common/stored-event.js';
import type { Statements } from './statements.js';

/**
 * A stream read page by page, for the writable and the read-only SQLite stores alike.
 * `assertOpen` runs before every page: a store closed during the read stops it.
 */
export async function* readStreamPages(
  statements: Pick<Statements, 'streamPage'>,
  stream: string,
  options: ReadStreamOptions | undefined,
  pageSize: number,
  assertOpen: () => void,
): AsyncIterable<RecordedEvent> {
  assertOpen();
  assertStreamName(stream);
  const { fromRevision, toRevision, untilMs } = toStreamRange(options);
  let next = fromRevision;
  while (next <= toRevision) {
    assertOpen();
    const page = statements.streamPage.all(stream, next, toRevision, pageSize);
    for (const stored of page) {
      // Stop at the first later event rather than skip it: if the clock ever stepped back,
      // filtering would give a stream with a hole in it, which no fold can make sense of.
      if (untilMs !== undefined && stored.recordedAt > untilMs) return;
      yield toRecordedEvent(stored);
    }
    if (page.length < pageSize) return;
    next = page.at(-1)!.revision + 1;
  }
}
