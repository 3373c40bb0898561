import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { type Decider, fold } from '../../src/domain/shared/decider.js';
import type { DomainErrorCode } from '../../src/domain/shared/errors.js';

/**
 * Given/when/then for deciders: `spec(decider).given(events).when(command).then(events)`.
 * The given events are folded with the decider's own evolve, so a spec also exercises evolve;
 * the decided events are folded too, so an event the decider cannot apply fails the spec.
 */
export interface DeciderOutcome<Event> {
  /** The command is accepted and records exactly these events (none for a no-op). */
  then(expected: readonly Event[]): void;
  /** The command is accepted and changes nothing. */
  thenNothing(): void;
  /** The command is refused with this code, and a message matching `message` when given. */
  thenFails(code: DomainErrorCode, message?: string | RegExp): void;
}

export const spec = <Command, Event, State>(decider: Decider<Command, Event, State>) => ({
  given: (events: readonly Event[]) => ({
    when: (command: Command): DeciderOutcome<Event> => {
      const decide = () => decider.decide(command, fold(decider, events));
      const accepted = (): readonly Event[] => {
        const decision = decide();
        if (E.isLeft(decision)) {
          throw new Error(`expected the command to be accepted, got ${JSON.stringify(decision.left)}`);
        }
        fold(decider, [...events, ...decision.right]);
        return decision.right;
      };
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then is the point; outcomes are never awaited.
        then: (expected) => expect(accepted()).toEqual(expected),
        thenNothing: () => expect(accepted()).toEqual([]),
        thenFails: (code, message) => {
          const decision = decide();
          if (E.isRight(decision)) {
            throw new Error(`expected a ${code} error, got events ${JSON.stringify(decision.right)}`);
          }
          expect(decision.left.code).toBe(code);
          if (typeof message === 'string') expect(decision.left.message).toBe(message);
          else if (message !== undefined) expect(decision.left.message).toMatch(message);
        },
      };
    },
  }),
});
