import type { NewEvent, RecordedEvent } from '../../../eventstore/envelope.js';
import { isWrongExpectedRevision } from '../../../eventstore/errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionHandlers,
} from '../../../eventstore/port.js';

/** `conflict`: another writer got there first (the command handler decides again and retries). */
export type AppendOutcome = 'ok' | 'conflict' | 'error';

export interface AppendObservation {
  readonly outcome: AppendOutcome;
  readonly seconds: number;
  /** Events in the append (0 unless it succeeded). */
  readonly events: number;
}

/**
 * An EventStore that times every append and hands the measure to `observe`, otherwise passing
 * everything through. Appends are where a phone's first request and every admin write wait on
 * the disk (or on KurrentDB), so their latency is the store's health as clients feel it.
 */
export class MeteredEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly observe: (observation: AppendObservation) => void,
  ) {}

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.inner.append(stream, events, expected);
      this.observe({ outcome: 'ok', seconds: seconds(), events: events.length });
      return result;
    } catch (error) {
      this.observe({
        outcome: isWrongExpectedRevision(error) ? 'conflict' : 'error',
        seconds: seconds(),
        events: 0,
      });
      throw error;
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readAll(options);
  }

  subscribe(options: SubscribeOptions, handlers: SubscriptionHandlers): Subscription {
    return this.inner.subscribe(options, handlers);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
