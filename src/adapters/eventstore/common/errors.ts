/**
 * Errors the local adapters (SQLite, in-memory) raise besides the port's
 * WrongExpectedRevisionError. They are plain Error subclasses so callers that do not care can
 * treat them as any other failure, while tests and the HTTP layer can tell them apart.
 */

/** The caller passed something the store cannot accept (bad stream name, revision, event). */
export class InvalidEventStoreInputError extends Error {
  override readonly name = 'InvalidEventStoreInputError';
}

/**
 * An event id is already stored (or repeated within one append). Ids are how a retried append is
 * recognised, so a second event with the same id is refused rather than silently duplicated.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already stored`);
  }
}

/** A stored row cannot be turned back into an event; names the position so it can be found. */
export class CorruptEventError extends Error {
  override readonly name = 'CorruptEventError';
  constructor(
    readonly position: number,
    reason: string,
  ) {
    super(`corrupt event at position ${position}: ${reason}`);
  }
}

export class EventStoreClosedError extends Error {
  override readonly name = 'EventStoreClosedError';
  constructor() {
    super('the event store is closed');
  }
}
