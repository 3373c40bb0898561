/**
 * What read and write transfers share: one ephemeral socket per transfer (its port is the
 * server's transfer ID), the peer check, a serial event queue, the retransmission timer with its
 * retry limit, and an end that always releases the socket, the timer and the content.
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import { decodePacket, ErrorCode, encodeError, type Packet } from './packets.js';
import type { TftpClient, TftpDirection, TftpEvent, TftpLogger } from './types.js';

export interface Peer {
  /** Address exactly as the socket reports it (may be `::ffff:a.b.c.d`): used to send and compare. */
  readonly sendAddress: string;
  readonly port: number;
  /** The same peer as shown to resolvers, logs and events. */
  readonly client: TftpClient;
}

export interface TransferContext {
  readonly id: number;
  readonly direction: TftpDirection;
  readonly filename: string;
  readonly socket: Socket;
  readonly peer: Peer;
  readonly timeoutMs: number;
  /** Double the interval on each retry; off when the client negotiated its own timeout. */
  readonly backoff: boolean;
  readonly retries: number;
  /** Datagrams waiting in the queue beyond this are dropped (a flooding peer cannot grow memory). */
  readonly queueLimit: number;
  readonly logger: TftpLogger;
  emit(event: TftpEvent): void;
  /** The transfer is over (its slot can be reused); its socket may linger a little longer. */
  onFinished(): void;
  /** The socket is closed: nothing of the transfer is left. */
  onClosed(): void;
}

type TransferEvent = Extract<TftpEvent, { id: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const toClient = (rinfo: Pick<RemoteInfo, 'address' | 'port' | 'family'>): TftpClient => {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(rinfo.address);
  if (mapped) return { address: mapped[1]!, port: rinfo.port, family: 'IPv4' };
  return { address: rinfo.address, port: rinfo.port, family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4' };
};

/**
 * Backoff stops growing at 8× the timeout: with the defaults (1 s, 5 retries) a silent peer is
 * given up after 1+2+4+8+8+8 = 31 s, and a long retry budget does not turn into long silences.
 */
const MAX_BACKOFF_EXPONENT = 3;

export abstract class Transfer {
  protected finished = false;
  /** Payload bytes acknowledged (read) or written (write). */
  protected bytes = 0;
  protected retransmits = 0;
  readonly #startedAt = Date.now();
  /** Steps waiting for the one running; a step runs synchronously when nothing else is. */
  #pending: Array<() => Promise<void> | void> = [];
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #timerMs = 0;
  #lingerTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #closed = false;

  constructor(protected readonly ctx: TransferContext) {
    ctx.socket.on('message', (datagram, rinfo) => {
      try {
        this.#onDatagram(datagram, rinfo);
      } catch (error) {
        ctx.logger.error({ err: error, transfer: ctx.id }, 'tftp: datagram handler failed');
      }
    });
    // Send failures come with a callback (see send); this catches the rest so they cannot crash us.
    ctx.socket.on('error', (error) => {
      ctx.logger.warn({ err: error, transfer: ctx.id }, 'tftp: transfer socket error');
      this.enqueue(() => this.fail(`socket error: ${error.message}`));
    });
  }

  start(): void {
    this.enqueue(() => this.begin());
  }

  /** Server shutdown or forced close: tell the peer (best effort) and release everything. */
  abort(message: string): void {
    if (!this.finished) this.send(encodeError(ErrorCode.NotDefined, message));
    this.enqueue(() => this.fail(message));
    // Do not wait for the queue: a stuck read must not keep the socket open.
    this.#close();
  }

  protected abstract begin(): Promise<void> | void;
  protected abstract onPacket(packet: Packet): Promise<void> | void;
  /** The timer expired and the retry budget is not spent: send again what is outstanding. */
  protected abstract onTimeout(): Promise<void> | void;
  /** Releases content (file handles, temp files). Called once, after the transfer is over. */
  protected abstract release(succeeded: boolean): Promise<void>;
  /** While lingering after success: answer a late duplicate (a write re-sends its final ACK). */
  protected onLingerPacket(_packet: Packet): void {}

  protected send(packet: Uint8Array): void {
    if (this.#closed) return;
    this.ctx.socket.send(packet, this.ctx.peer.port, this.ctx.peer.sendAddress, this.#afterSend);
  }

  /** Send errors (ENOBUFS under a burst, unreachable peer) count as loss: the timer recovers. */
  readonly #afterSend = (error: Error | null): void => {
    if (error) this.ctx.logger.debug({ err: error, transfer: this.ctx.id }, 'tftp: send failed');
  };

  protected emit(event: DistributiveOmit<TransferEvent, 'id' | 'direction' | 'filename' | 'client'>): void {
    const { id, direction, filename, peer } = this.ctx;
    this.ctx.emit({ ...event, id, direction, filename, client: peer.client } as TransferEvent);
  }

  /**
   * Runs steps one at a time, in arrival order. A step that returns synchronously (the usual ACK
   * → DATA path) runs right away, without a promise hop; an async step holds the others back
   * until it settles, so no two steps ever interleave around an await.
   */
  protected enqueue(step: () => Promise<void> | void): void {
    this.#pending.push(step);
    if (!this.#running) this.#drain();
  }

  #drain(): void {
    this.#running = true;
    while (this.#pending.length > 0) {
      const step = this.#pending.shift()!;
      let result: Promise<void> | void;
      try {
        result = step();
      } catch (error) {
        this.#stepFailed(error);
        continue;
      }
      if (result instanceof Promise) {
        result.then(
          () => this.#drain(),
          (error: unknown) => {
            this.#stepFailed(error);
            this.#drain();
          },
        );
        return;
      }
    }
    this.#running = false;
  }

  #stepFailed(error: unknown): void {
    this.ctx.logger.error({ err: error, transfer: this.ctx.id }, 'tftp: transfer step failed');
    this.#pending.push(() => this.fail('internal error', [ErrorCode.NotDefined, 'Internal error']));
  }

  /** (Re)starts the retransmission timer; call after each send that expects an answer. */
  protected armTimer(): void {
    if (this.finished) return;
    const factor = this.ctx.backoff ? 2 ** Math.min(this.#attempt, MAX_BACKOFF_EXPONENT) : 1;
    const ms = this.ctx.timeoutMs * factor;
    // refresh() re-arms the same timer object: cheaper than a new one for every block.
    if (this.#timer && ms === this.#timerMs) {
      this.#timer.refresh();
      return;
    }
    clearTimeout(this.#timer);
    this.#timerMs = ms;
    this.#timer = setTimeout(this.#onTimer, ms);
  }

  readonly #onTimer = (): void => this.enqueue(() => this.#expire());

  /** The peer moved forward: the retry budget starts over. */
  protected progress(): void {
    this.#attempt = 0;
  }

  protected noteRetransmit(packets: number): void {
    this.retransmits += packets;
    this.emit({ type: 'retransmit', packets });
  }

  protected async complete(lingerMs = 0): Promise<void> {
    if (this.finished) return;
    this.#end();
    await this.#release(true);
    this.emit({
      type: 'transfer-completed',
      bytes: this.bytes,
      durationMs: Date.now() - this.#startedAt,
      retransmits: this.retransmits,
    });
    this.ctx.onFinished();
    if (lingerMs > 0 && !this.#closed) {
      this.#lingerTimer = setTimeout(() => this.#close(), lingerMs);
    } else {
      this.#close();
    }
  }

  /** Ends the transfer; `error` is sent to the peer when given (never in answer to the peer's ERROR). */
  protected async fail(reason: string, error?: readonly [ErrorCode, string]): Promise<void> {
    if (this.finished) return;
    if (error) this.send(encodeError(error[0], error[1]));
    this.#end();
    this.ctx.logger.debug({ transfer: this.ctx.id, reason }, 'tftp: transfer failed');
    await this.#release(false);
    this.emit({ type: 'transfer-failed', reason, bytes: this.bytes });
    this.ctx.onFinished();
    this.#close();
  }

  #end(): void {
    this.finished = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #release(succeeded: boolean): Promise<void> {
    try {
      await this.release(succeeded);
    } catch (error) {
      this.ctx.logger.warn({ err: error, transfer: this.ctx.id }, 'tftp: releasing transfer content failed');
    }
  }

  async #expire(): Promise<void> {
    if (this.finished) return;
    this.#attempt++;
    if (this.#attempt > this.ctx.retries) {
      await this.fail('timeout');
      return;
    }
    this.emit({ type: 'timeout', attempt: this.#attempt });
    await this.onTimeout();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#lingerTimer);
    // dgram sends go out on a later tick (after an address lookup): closing right away would drop
    // the ERROR or final ACK just queued. setImmediate runs after those ticks.
    setImmediate(() => {
      try {
        this.ctx.socket.close();
      } catch {
        // Already closed (socket error path): nothing left to release.
      }
      this.ctx.onClosed();
    });
  }

  #onDatagram(datagram: Buffer, rinfo: RemoteInfo): void {
    const { peer } = this.ctx;
    if (rinfo.address !== peer.sendAddress || rinfo.port !== peer.port) {
      this.#answerStranger(datagram, rinfo);
      return;
    }
    const packet = decodePacket(datagram);
    if (packet.kind === 'malformed') {
      this.ctx.logger.debug(
        { transfer: this.ctx.id, reason: packet.reason },
        'tftp: malformed datagram ignored',
      );
      this.ctx.emit({ type: 'malformed', client: peer.client, reason: packet.reason });
      return;
    }
    if (this.finished) {
      this.onLingerPacket(packet);
      return;
    }
    if (this.#pending.length > this.ctx.queueLimit) {
      this.ctx.logger.debug(
        { transfer: this.ctx.id },
        'tftp: peer floods the transfer port, datagram dropped',
      );
      return;
    }
    this.enqueue(() => this.onPacket(packet));
  }

  /** RFC 1350 §4: ERROR 5 to the stranger, the transfer goes on undisturbed. */
  #answerStranger(datagram: Buffer, rinfo: RemoteInfo): void {
    const packet = decodePacket(datagram);
    // Answering junk or an ERROR would make us a reflector or start an error ping-pong.
    if (packet.kind === 'malformed' || packet.kind === 'error') return;
    const from = toClient(rinfo);
    this.ctx.logger.debug({ transfer: this.ctx.id, from }, 'tftp: datagram from unknown transfer ID');
    this.emit({ type: 'unknown-tid', from });
    if (this.#closed) return;
    this.ctx.socket.send(
      encodeError(ErrorCode.UnknownTransferId, 'Unknown transfer ID'),
      rinfo.port,
      rinfo.address,
      () => {},
    );
  }
}
