import type { Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from './errors.js';

/**
 * An aggregate as a pure decider: no I/O, no clock, no randomness. Whatever a decision needs
 * from the outside world (ids, the master tenant, which configs are autoprov ones) comes in the
 * command.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Either<DomainError, readonly Event[]>;
  evolve(state: State, event: Event): State;
}

/** Folds events into state, starting from the decider's initial state. */
export const fold = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>): S => {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
