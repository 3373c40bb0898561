import { SyncError } from '../../../application/sync/synchronizer.js';
import { formatSeconds } from '../seconds.js';
import { nextRetransmitInterval, type SipTimers } from './timers.js';

export interface TransactionOptions {
  readonly timers: SipTimers;
  /** `<ip>:<port>` of the phone, for error messages. */
  readonly peer: string;
  /** Puts the request on the wire; a send error fails the transaction through `fail`. */
  readonly transmit: () => void;
  /** Called once, when the transaction ends whichever way. */
  readonly onEnd: () => void;
}

/**
 * An RFC 3261 §17.1.2 non-INVITE client transaction over UDP: sent at once, repeated on Timer E
 * (T1 doubling to T2; every T2 once the phone answered 1xx), abandoned on Timer F. The first
 * final response settles it; a later one is a retransmission the caller no longer routes here.
 */
export class NotifyClientTransaction {
  readonly #options: TransactionOptions;
  readonly #outcome: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: Error) => void;
  #retransmitTimer: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #interval: number;
  #provisional: string | undefined;
  #transmissions = 0;
  #ended = false;

  constructor(options: TransactionOptions) {
    this.#options = options;
    this.#interval = options.timers.t1;
    this.#outcome = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get outcome(): Promise<void> {
    return this.#outcome;
  }

  /** Datagrams sent so far, the first one included. */
  get transmissions(): number {
    return this.#transmissions;
  }

  start(): void {
    this.#deadline = setTimeout(() => this.#timeout(), this.#options.timers.timerF);
    this.#send();
    if (!this.#ended) this.#armRetransmit();
  }

  receive(status: number, reason: string): void {
    if (this.#ended) return;
    if (status < 200) {
      this.#provisional = `${status} ${reason}`.trim();
      return;
    }
    if (status < 300) {
      this.#end();
      this.#resolve();
      return;
    }
    this.fail(new SyncError(`${this.#options.peer} refused the NOTIFY: ${status} ${reason}`.trim()));
  }

  fail(error: Error): void {
    if (this.#ended) return;
    this.#end();
    this.#reject(error);
  }

  #send(): void {
    this.#transmissions++;
    this.#options.transmit();
  }

  #armRetransmit(): void {
    this.#retransmitTimer = setTimeout(() => {
      if (this.#ended) return;
      this.#send();
      this.#interval = nextRetransmitInterval(
        this.#interval,
        this.#options.timers,
        this.#provisional !== undefined,
      );
      this.#armRetransmit();
    }, this.#interval);
  }

  #timeout(): void {
    const { peer, timers } = this.#options;
    const after = `after ${formatSeconds(timers.timerF)} s`;
    const message =
      this.#provisional === undefined
        ? `no answer from ${peer} ${after}`
        : `no final answer from ${peer} ${after} (it answered ${this.#provisional})`;
    this.fail(new SyncError(message));
  }

  #end(): void {
    this.#ended = true;
    clearTimeout(this.#retransmitTimer);
    clearTimeout(this.#deadline);
    this.#options.onEnd();
  }
}
