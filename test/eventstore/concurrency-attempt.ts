/** What a writer in sqlite-concurrency.test.ts logs for each append it tries. */
export interface Attempt {
  readonly worker: string;
  /** The revision the writer read and expected (-1: it saw no stream). */
  readonly expected: number;
  readonly eventId: string;
  readonly outcome: 'won' | 'conflict';
  /** Revision written when won; the store's actual revision when in conflict. */
  readonly revision: number;
}

/** The one stream all writers fight over. */
export const CONTENDED_STREAM = 'device-contended';
