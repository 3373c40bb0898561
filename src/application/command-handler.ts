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
export const handleCommand = <C, Ev extends DomainEvent, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, Ev, S>,
  command: C,
  metadata: EventMetadata,
  options: HandleOptions = {},
): Promise<E.Either<HandleError, Handled<Ev>>> =>
  handleCommands(store, stream, decider, [command], metadata, options);

/**
 * Several commands on one stream as one unit: each is decided on the state the previous ones
 * left, and all their events are appended together, or none if any command is refused. One
 * append is one durable commit: a new phone's discovery, plugin and config cost one, not three.
 */
export const handleCommands = async <C, Ev extends DomainEvent, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, Ev, S>,
  commands: readonly C[],
  metadata: EventMetadata,
  options: HandleOptions = {},
): Promise<E.Either<HandleError, Handled<Ev>>> => {
  const maxRetries = options.maxRetries ?? 5;
  const newId = options.newId ?? newEventId;
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadState(store, stream, decider);
    const { revision } = loaded;
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      return E.left({
        code: 'conflict',
        message: `stale revision: expected ${options.expectedRevision}, current ${revision}`,
      });
    }
    let state = loaded.state;
    const events: Ev[] = [];
    for (const command of commands) {
      const decision = decider.decide(command, state);
      if (E.isLeft(decision)) return decision;
      for (const event of decision.right) {
        state = decider.evolve(state, event);
        events.push(event);
      }
    }
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
