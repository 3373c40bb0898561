/**
 * Sending side (RRQ): lock-step RFC 1350, or RFC 7440 windows with go-back-N.
 *
 * Blocks are counted without limit here and wrapped to 16 bits on the wire (block 65536 goes out
 * as 0, which tftp-hpa, curl and atftp expect), so files past 32 MiB at 512-byte blocks work.
 *
 * The window only moves on an ACK newer than the last one. A duplicate or older ACK is ignored:
 * answering it with data is the Sorcerer's Apprentice bug, where every duplicate doubles the
 * traffic. Retransmission happens only when the timer expires, and then from the first
 * unacknowledged block; a newer ACK short of the window's end (the client saw a gap) restarts the
 * window right after it, as RFC 7440 describes.
 */
import { type BlockSource, ContentChangedError } from './block-source.js';
import { ErrorCode, type Packet, wireBlock, writeDataHeader } from './packets.js';
import { Transfer, type TransferContext } from './transfer.js';

export interface ReadTransferParams {
  readonly source: BlockSource;
  readonly blockSize: number;
  readonly windowSize: number;
  /** Encoded OACK when options were accepted: sent first, the client answers ACK 0. */
  readonly oack: Buffer | undefined;
}

export class ReadTransfer extends Transfer {
  readonly #source: BlockSource;
  readonly #blockSize: number;
  readonly #windowSize: number;
  readonly #oack: Buffer | undefined;
  #awaitingOackAck: boolean;
  /** First unacknowledged block. */
  #base = 1;
  /** Next block to send. */
  #next = 1;
  /** Next block to read from the source. */
  #nextToRead = 1;
  #lastBlock: number | undefined;
  /** Sent, unacknowledged packets: blocks #base .. #next-1. */
  #window: Buffer[] = [];
  /**
   * Packets read ahead, not sent yet: blocks #next .. #nextToRead-1. Up to a window's worth is
   * kept ready so an ACK is answered at once, without waiting for the disk.
   */
  #ready: Buffer[] = [];
  #reading = false;

  constructor(ctx: TransferContext, params: ReadTransferParams) {
    super(ctx);
    this.#source = params.source;
    this.#blockSize = params.blockSize;
    this.#windowSize = params.windowSize;
    this.#oack = params.oack;
    this.#awaitingOackAck = params.oack !== undefined;
  }

  protected begin(): void {
    if (this.#oack) {
      this.send(this.#oack);
      this.armTimer();
    }
    // Read ahead while the client answers the OACK; without one, #readAhead sends as it reads.
    void this.#readAhead();
  }

  protected onPacket(packet: Packet): Promise<void> | void {
    if (packet.kind === 'error') {
      // RFC 2347: ERROR 8 in answer to the OACK means the client declines our answer; end quietly.
      const reason =
        this.#awaitingOackAck && packet.code === ErrorCode.OptionRefused
          ? 'client refused the negotiated options'
          : `client sent ERROR ${packet.code}: ${packet.message}`;
      return this.fail(reason);
    }
    if (packet.kind !== 'ack') {
      this.ctx.logger.debug({ transfer: this.ctx.id, kind: packet.kind }, 'tftp: unexpected packet ignored');
      return;
    }
    if (this.#awaitingOackAck) {
      if (packet.block !== 0) return;
      this.#awaitingOackAck = false;
      this.progress();
      this.#sendReady();
      return;
    }
    return this.#onAck(packet.block);
  }

  #onAck(wire: number): Promise<void> | void {
    // The only blocks an ACK can name are #base-1 (already acknowledged) to #next-1 (last sent);
    // that span is at most 65536 long, so the 16-bit number identifies one block.
    const acked = this.#base - 1 + ((wire - wireBlock(this.#base - 1)) & 0xffff);
    if (acked < this.#base || acked >= this.#next) return; // duplicate, stale or never sent: ignore
    const done = this.#window.splice(0, acked - this.#base + 1);
    for (const packet of done) this.bytes += packet.length - 4;
    this.#base = acked + 1;
    this.progress();
    if (acked === this.#lastBlock) return this.complete();
    if (this.#window.length > 0) {
      // The client acknowledged part of the window: it lost the block after `acked`.
      for (const packet of this.#window) this.send(packet);
      this.noteRetransmit(this.#window.length);
      this.armTimer();
    }
    this.#sendReady();
  }

  protected onTimeout(): void {
    if (this.#awaitingOackAck && this.#oack) {
      this.send(this.#oack);
      this.noteRetransmit(1);
    } else if (this.#window.length > 0) {
      for (const packet of this.#window) this.send(packet);
      this.noteRetransmit(this.#window.length);
    }
    this.armTimer();
  }

  /** Moves read-ahead packets into the window while it has room, and keeps the reader going. */
  #sendReady(): void {
    if (this.finished || this.#awaitingOackAck) return;
    let sent = false;
    while (this.#window.length < this.#windowSize && this.#ready.length > 0) {
      const packet = this.#ready.shift()!;
      this.#window.push(packet);
      this.#next++;
      this.send(packet);
      sent = true;
    }
    if (sent) this.armTimer();
    if (!this.#reading) void this.#readAhead();
  }

  /** The one reader: fills #ready up to a window ahead, sending whatever the window can take. */
  async #readAhead(): Promise<void> {
    this.#reading = true;
    try {
      while (!this.finished && this.#lastBlock === undefined && this.#ready.length < this.#windowSize) {
        const packet = Buffer.allocUnsafe(4 + this.#blockSize);
        const length = await this.#source.read(packet.subarray(4));
        if (this.finished) return;
        const block = this.#nextToRead++;
        writeDataHeader(packet, block);
        if (length < this.#blockSize) this.#lastBlock = block;
        this.#ready.push(length < this.#blockSize ? packet.subarray(0, 4 + length) : packet);
        this.#sendReady();
      }
    } catch (error) {
      const changed = error instanceof ContentChangedError;
      this.ctx.logger.warn({ err: error, transfer: this.ctx.id }, 'tftp: reading content failed');
      this.enqueue(() =>
        this.fail(changed ? 'content changed during transfer' : 'read error', [
          ErrorCode.NotDefined,
          changed ? 'File changed during transfer' : 'Read error',
        ]),
      );
    } finally {
      this.#reading = false;
    }
  }

  protected async release(): Promise<void> {
    await this.#source.close();
  }
}
