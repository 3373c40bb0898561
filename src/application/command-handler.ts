import * as E from 'fp-ts/lib/Either.js';
import { decodeEvent, encodeEvent } from '../domain/events/codec.js';
import type { DomainEvent } from '../domain/events/domain-event.js';
import type { Decider } from '../domain/shared/decider.js';
import type { DomainError } from '../domain/shared/errors.js';
import type { EventMetadata } from '../eventstore/envelope.js';
import { isWrongExpectedRevision } from '../eventstore/errors.js';
import { newEventId } from '../eventstore/event-id.js';
import type { AppendResult, EventStore } from '../eventstore/port.js';

export interface HandleOptions {
  /** How many times to re-read and re-decide after losing a race on the stream (default 5). */
  readonly maxRetries?: number;
  /** Fail with a conflict instead of retrying when the stream is not at this revision (If-Match). */
  readonly expectedRevision?: number;
  readonly newId?: () => string;
}

export interface Handled<E extends DomainEvent> {
  readonly events: readonly E[];
  /** Revision of the stream after the command (-1: still empty). */
  readonly revision: number;
  /** Position of the last appended event; undefined when the command changed nothing. */
  readonly position: number | undefined;
}

export type HandleError = DomainError | { readonly code: 'conflict'; readonly message: string };

/**
 * The imperative shell around a decider: load the stream, fold it, decide, append with the
 * revision we read. Losing a race re-runs the whole decision on fresh state, so a command is never
 * applied to a state it did not see. A command that changes nothing writes nothing.
 */
export const handleCommand = async <C, Ev extends DomainEvent, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, Ev, S>,
  command: C,
  metadata: EventMetadata,
  options: HandleOptions = {},
): Promise<E.Either<HandleError, Handled<Ev>>> => {
  const maxRetries = options.maxRetries ?? 5;
  const newId = options.newId ?? newEventId;
  for (let attempt = 0; ; attempt++) {
    const { state, revision } = await loadState(store, stream, decider);
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      return E.left({
        code: 'conflict',
        message: `stale revision: expected ${options.expectedRevision}, current ${revision}`,
      });
    }
    const decision = decider.decide(command, state);
    if (E.isLeft(decision)) return decision;
    const events = decision.right;
    if (events.length === 0) return E.right({ events, revision, position: undefined });
    let result: AppendResult;
    try {
      result = await store.append(
        stream,
        events.map((event) => encodeEvent(event, metadata, newId())),
        revision < 0 ? 'no_stream' : revision,
      );
    } catch (error) {
      if (isWrongExpectedRevision(error) && attempt < maxRetries && options.expectedRevision === undefined) {
        continue;
      }
      if (isWrongExpectedRevision(error)) return E.left({ code: 'conflict', message: error.message });
      throw error;
    }
    return E.right({ events, revision: result.revision, position: result.position });
  }
};

/** Folds a stream into the decider's state; throws on an event the codec cannot read. */
export const loadState = async <C, Ev extends DomainEvent, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, Ev, S>,
  options: { readonly until?: Date } = {},
): Promise<{ state: S; revision: number }> => {
  let state = decider.initialState;
  let revision = -1;
  for await (const recorded of store.readStream(stream, options.until ? { until: options.until } : {})) {
    const decoded = decodeEvent(recorded);
    if (E.isLeft(decoded)) throw new Error(decoded.left.message);
    state = decider.evolve(state, decoded.right as unknown as Ev);
    revision = recorded.revision;
  }
  return { state, revision };
};
