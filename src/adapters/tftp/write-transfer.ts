/**
 * Receiving side (WRQ), for phones that upload logs and local settings (Polycom `<MAC>-phone.cfg`).
 * Data goes to a temp file beside the destination and is renamed over it only when the last block
 * arrived, so a reader never sees half an upload and a failed upload leaves nothing behind.
 *
 * Receivers may re-send their last ACK on a duplicate DATA (that is how a sender whose ACK was lost
 * moves on); the Sorcerer's Apprentice rule binds the sender, which must ignore duplicate ACKs.
 */
import type { FileHandle } from 'node:fs/promises';
import { rename, rm } from 'node:fs/promises';
import { NetasciiDecoder } from './netascii.js';
import { ErrorCode, encodeAck, type Packet, wireBlock } from './packets.js';
import { Transfer, type TransferContext } from './transfer.js';

export interface WriteTransferParams {
  readonly handle: FileHandle;
  readonly tempPath: string;
  readonly path: string;
  readonly maxBytes: number;
  readonly blockSize: number;
  readonly windowSize: number;
  readonly netascii: boolean;
  /** Encoded OACK when options were accepted: it replaces ACK 0. */
  readonly oack: Buffer | undefined;
  /** After the final ACK, keep answering a re-sent final block this long (its ACK may be lost). */
  readonly lingerMs: number;
}

export class WriteTransfer extends Transfer {
  readonly #params: WriteTransferParams;
  readonly #decoder: NetasciiDecoder | undefined;
  /** Last block received in order (0 before any). */
  #received = 0;
  #sinceAck = 0;
  /** A gap was already reported for the current #received: one ACK per gap, not one per block. */
  #gapReported = false;
  #handleOpen = true;

  constructor(ctx: TransferContext, params: WriteTransferParams) {
    super(ctx);
    this.#params = params;
    this.#decoder = params.netascii ? new NetasciiDecoder() : undefined;
  }

  protected begin(): void {
    this.send(this.#params.oack ?? encodeAck(0));
    this.armTimer();
  }

  protected async onPacket(packet: Packet): Promise<void> {
    if (packet.kind === 'error') {
      await this.fail(`client sent ERROR ${packet.code}: ${packet.message}`);
      return;
    }
    if (packet.kind !== 'data') return;
    const expected = this.#received + 1;
    if (packet.block === wireBlock(expected)) {
      await this.#accept(packet.payload);
      return;
    }
    // Blocks up to a window behind are duplicates of what we have: re-ACK so the sender can go on.
    const behind = (wireBlock(this.#received) - packet.block) & 0xffff;
    if (behind < Math.max(this.#params.windowSize, 1) + 1) {
      this.send(encodeAck(this.#received));
      return;
    }
    // Ahead of the expected block: the one in between was lost. RFC 7440: ACK what we have, once.
    if (!this.#gapReported) {
      this.#gapReported = true;
      this.#sinceAck = 0;
      this.send(encodeAck(this.#received));
      this.armTimer();
    }
  }

  async #accept(payload: Uint8Array): Promise<void> {
    const { blockSize, maxBytes, windowSize, handle } = this.#params;
    if (payload.length > blockSize) {
      await this.fail('block larger than negotiated', [ErrorCode.IllegalOperation, 'Block too large']);
      return;
    }
    const last = payload.length < blockSize;
    let bytes = this.#decoder ? this.#decoder.decode(payload) : payload;
    if (last && this.#decoder) bytes = Buffer.concat([bytes, this.#decoder.end()]);
    if (this.bytes + bytes.length > maxBytes) {
      await this.fail('upload exceeds the size limit', [
        ErrorCode.DiskFull,
        'Disk full or allocation exceeded',
      ]);
      return;
    }
    if (bytes.length > 0) await handle.write(bytes);
    if (this.finished) return;
    this.bytes += bytes.length;
    this.#received++;
    this.#gapReported = false;
    this.progress();
    if (last) {
      this.#handleOpen = false;
      await handle.close();
      await rename(this.#params.tempPath, this.#params.path);
      this.send(encodeAck(this.#received));
      await this.complete(this.#params.lingerMs);
      return;
    }
    if (++this.#sinceAck >= windowSize) {
      this.#sinceAck = 0;
      this.send(encodeAck(this.#received));
    }
    this.armTimer();
  }

  protected onTimeout(): void {
    this.send(this.#received === 0 && this.#params.oack ? this.#params.oack : encodeAck(this.#received));
    this.noteRetransmit(1);
    this.armTimer();
  }

  protected override onLingerPacket(packet: Packet): void {
    if (packet.kind === 'data' && packet.block === wireBlock(this.#received))
      this.send(encodeAck(this.#received));
  }

  protected async release(succeeded: boolean): Promise<void> {
    if (this.#handleOpen) {
      this.#handleOpen = false;
      await this.#params.handle.close();
    }
    if (!succeeded) await rm(this.#params.tempPath, { force: true });
  }
}
