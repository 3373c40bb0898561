import type { DecodeError } from '../../domain/events/codec.js';
import type { RecordedEvent } from '../../eventstore/envelope.js';

const describe = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

/**
 * The runner stopped because an event could not be applied. The event is never skipped: the
 * batch that contained it was rolled back and every checkpoint stays before it, so fixing the
 * cause (a codec upcaster, a projection bug) and restarting resumes exactly there.
 */
export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';

  constructor(
    message: string,
    /** Position of the offending event, or of the last applied one when no event is to blame. */
    readonly position: number,
    readonly stream: string | undefined,
    readonly eventType: string | undefined,
    /** The projection whose `apply` threw; undefined for decoding or event-store failures. */
    readonly projection: string | undefined,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }

  /** The codec's message already names the position, stream and type. */
  static undecodable(error: DecodeError): ProjectionError {
    return new ProjectionError(error.message, error.position, error.stream, error.eventType, undefined);
  }

  static applyFailed(projection: string, event: RecordedEvent, cause: unknown): ProjectionError {
    return new ProjectionError(
      `projection ${projection} failed on event at position ${event.position} (stream ${event.stream}, type ${event.type}): ${describe(cause)}`,
      event.position,
      event.stream,
      event.type,
      projection,
      { cause },
    );
  }

  /** Anything else: the subscription dropped, the read-model database refused a write, … */
  static unexpected(after: number, cause: unknown): ProjectionError {
    return new ProjectionError(
      `projection runner failed after position ${after}: ${describe(cause)}`,
      after,
      undefined,
      undefined,
      undefined,
      { cause },
    );
  }

  static storeFailed(after: number, cause: unknown): ProjectionError {
    return new ProjectionError(
      `reading the event log after position ${after} failed: ${describe(cause)}`,
      after,
      undefined,
      undefined,
      undefined,
      { cause },
    );
  }
}

/** `waitFor` gave up: the read model had not reached the position in time. */
export class WaitForTimeoutError extends Error {
  override readonly name = 'WaitForTimeoutError';
  constructor(
    readonly position: number,
    readonly reached: number,
    timeoutMs: number,
  ) {
    super(`read model did not reach position ${position} within ${timeoutMs} ms (at ${reached})`);
  }
}

/** `waitFor` was pending when the runner stopped. */
export class RunnerStoppedError extends Error {
  override readonly name = 'RunnerStoppedError';
  constructor() {
    super('projection runner stopped');
  }
}
