import type { RecordedEvent } from '../../../eventstore/envelope.js';
import type { ReadAllOptions } from '../../../eventstore/port.js';
import { toAllRange } from './input-validation.js';

/**
 * `readAll` for stores that can fetch a page of events after a position: pages are fetched one
 * at a time so a long log is streamed, never loaded whole. `beforePage` runs before each fetch
 * (a closed store must fail, not read on).
 */
export async function* pagedReadAll(
  options: ReadAllOptions | undefined,
  pageSize: number,
  readPage: (after: number, limit: number) => readonly RecordedEvent[],
  beforePage: () => void,
): AsyncIterable<RecordedEvent> {
  beforePage();
  let { after, limit } = toAllRange(options);
  while (limit > 0) {
    beforePage();
    const page = readPage(after, Math.min(limit, pageSize));
    if (page.length === 0) return;
    yield* page;
    limit -= page.length;
    after = page.at(-1)!.position;
  }
}
