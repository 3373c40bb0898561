/**
 * TFTP server on node:dgram: read requests answered from a resolver (generated content or files),
 * optional write requests into an upload area. The listening socket only takes requests; each
 * transfer runs on its own ephemeral socket (RFC 1350 transfer IDs), so a slow or lost phone
 * never holds up another.
 */
import { createSocket, type RemoteInfo, type Socket, type SocketType } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { type BlockSource, ContentChangedError, openBlockSource } from './block-source.js';
import { normaliseFilename } from './filename.js';
import { announcedSize, type Negotiated, negotiate } from './options.js';
import {
  decodePacket,
  ErrorCode,
  encodeError,
  encodeOack,
  Opcode,
  type RawOption,
  type RequestPacket,
} from './packets.js';
import { ReadTransfer } from './read-transfer.js';
import { DEFAULTS, type ResolvedOptions, resolveOptions } from './server-options.js';
import { type Peer, type Transfer, type TransferContext, toClient } from './transfer.js';
import { type Slot, TransferSlots } from './transfer-slots.js';
import type {
  TftpClient,
  TftpDirection,
  TftpEvent,
  TftpMode,
  TftpReadRequest,
  TftpResolution,
  TftpServerOptions,
  TftpUploadDecision,
} from './types.js';
import { openUploadFile, type UploadFile } from './upload-file.js';
import { WriteTransfer } from './write-transfer.js';

/** Absorbs a boot storm's burst of requests (the kernel caps it at net.core.rmem_max). */
const MAIN_RECEIVE_BUFFER = 1024 * 1024;

/** How long close() waits for aborted transfers to let go of their sockets and files. */
const ABORT_WAIT_MS = 1000;

class HandlerTimeoutError extends Error {
  override readonly name = 'HandlerTimeoutError';
}

const withTimeout = async <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HandlerTimeoutError(`no answer within ${ms} ms`)), ms);
        // A hung resolver must not keep a closed server's process alive.
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

const errorCodeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/** What a request carries from the listening socket to the start of its transfer. */
interface Request {
  readonly packet: RequestPacket;
  readonly direction: TftpDirection;
  readonly mode: TftpMode;
  readonly filename: string;
  readonly rinfo: RemoteInfo;
  readonly client: TftpClient;
  readonly slot: Slot;
}

export class TftpServer {
  readonly #options: ResolvedOptions;
  readonly #slots: TransferSlots;
  readonly #transfers = new Set<Transfer>();
  #socket: Socket | undefined;
  #socketType: SocketType = 'udp6';
  /** Address transfer sockets bind to: the listening address, so replies leave from it. */
  #bindHost: string = DEFAULTS.host;
  #accepting = false;
  #nextId = 1;
  #idleWaiters: Array<() => void> = [];

  /** Throws a RangeError for an out-of-range option. */
  constructor(options: TftpServerOptions) {
    this.#options = resolveOptions(options);
    this.#slots = new TransferSlots(this.#options.maxTransfers, this.#options.maxTransfersPerClient, () =>
      this.#wakeIfIdle(),
    );
  }

  /** Transfers under way, requests being resolved included. */
  get activeTransfers(): number {
    return this.#slots.size;
  }

  async listen(): Promise<{ address: string; port: number }> {
    if (this.#socket) throw new Error('tftp: server already listening');
    const { host, port: wanted, logger } = this.#options;
    try {
      this.#socket = await this.#bind(host ?? DEFAULTS.host, wanted);
    } catch (error) {
      // Default host on a machine without IPv6: fall back to IPv4 rather than not serving at all.
      if (host !== undefined || errorCodeOf(error) !== 'EAFNOSUPPORT') throw error;
      this.#socket = await this.#bind('0.0.0.0', wanted);
    }
    const socket = this.#socket;
    socket.on('message', (datagram, rinfo) => {
      try {
        this.#onRequestDatagram(datagram, rinfo);
      } catch (error) {
        logger.error({ err: error }, 'tftp: request handler failed');
      }
    });
    socket.on('error', (error) => logger.error({ err: error }, 'tftp: server socket error'));
    this.#accepting = true;
    const { address, port } = socket.address();
    logger.info({ address, port }, 'tftp: listening');
    return { address, port };
  }

  /**
   * Stops taking requests. `graceful`: transfers under way (and requests being resolved) may finish,
   * for at most `timeoutMs`; whatever is left then is aborted with ERROR 0, as without `graceful`.
   */
  async close(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#accepting = false;
    if (options.graceful) await this.#waitIdle(options.timeoutMs ?? DEFAULTS.closeTimeoutMs);
    this.#slots.cancelAll();
    for (const transfer of [...this.#transfers]) transfer.abort('Server shutting down');
    // Aborted transfers release their content and sockets within a few ticks; a resolver that
    // hangs is not waited for (its slot is cancelled and goes when the resolver returns).
    await this.#waitIdle(ABORT_WAIT_MS);
    this.#socket = undefined;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    this.#options.logger.info({}, 'tftp: closed');
  }

  #bind(host: string, port: number): Promise<Socket> {
    const type: SocketType = isIPv6(host) ? 'udp6' : 'udp4';
    // `::` with ipv6Only false takes IPv4 clients too (as ::ffff:a.b.c.d).
    const socket = createSocket({ type, ipv6Only: false, recvBufferSize: MAIN_RECEIVE_BUFFER });
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        socket.close();
        reject(error);
      };
      socket.once('error', onError);
      socket.bind({ port, address: host }, () => {
        socket.off('error', onError);
        this.#socketType = type;
        this.#bindHost = host;
        resolve(socket);
      });
    });
  }

  #openTransferSocket(): Promise<Socket> {
    const socket = createSocket({ type: this.#socketType, ipv6Only: false });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port: 0, address: this.#bindHost }, () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });
  }

  #emit(event: TftpEvent): void {
    const { onEvent, logger } = this.#options;
    if (event.type === 'transfer-completed' || event.type === 'transfer-failed') {
      // One line per transfer at info: what an operator needs to follow a phone's boot.
      const { type, client, ...details } = event;
      logger.info(
        { ...details, client },
        `tftp: transfer ${type === 'transfer-completed' ? 'completed' : 'failed'}`,
      );
    }
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch (error) {
      logger.warn({ err: error }, 'tftp: event listener threw');
    }
  }

  #replyError(rinfo: RemoteInfo, code: ErrorCode, message: string): void {
    // Answers to requests leave from the listening socket: clients take the first reply's port as
    // the server's TID, and an error ends the exchange anyway.
    this.#socket?.send(encodeError(code, message), rinfo.port, rinfo.address, (error) => {
      if (error) this.#options.logger.debug({ err: error }, 'tftp: error reply not sent');
    });
  }

  #onRequestDatagram(datagram: Buffer, rinfo: RemoteInfo): void {
    if (!this.#accepting || rinfo.port === 0) return;
    const { logger } = this.#options;
    const client = toClient(rinfo);
    const packet = decodePacket(datagram);
    if (packet.kind === 'malformed') {
      logger.debug({ client, reason: packet.reason }, 'tftp: malformed request');
      this.#emit({ type: 'malformed', client, reason: packet.reason });
      // A broken request gets an answer so the client stops; other junk gets none (no reflection).
      if (packet.opcode === Opcode.RRQ || packet.opcode === Opcode.WRQ) {
        this.#replyError(rinfo, ErrorCode.IllegalOperation, 'Malformed request');
      }
      return;
    }
    if (packet.kind !== 'rrq' && packet.kind !== 'wrq') {
      const reason = `unexpected ${packet.kind} on the server port`;
      logger.debug({ client, reason }, 'tftp: datagram ignored');
      this.#emit({ type: 'malformed', client, reason });
      return;
    }
    const request = this.#admit(packet, rinfo, client);
    if (!request) return;
    const started = request.direction === 'read' ? this.#startRead(request) : this.#startWrite(request);
    started
      .then((ok) => {
        if (!ok) this.#slots.release(request.slot);
      })
      .catch((error: unknown) => {
        this.#slots.release(request.slot);
        logger.error({ err: error, client }, 'tftp: request failed');
      });
  }

  /** The checks every request passes before it costs anything: admits it, or answers it. */
  #admit(packet: RequestPacket, rinfo: RemoteInfo, client: TftpClient): Request | undefined {
    const { logger, uploads } = this.#options;
    const direction: TftpDirection = packet.kind === 'rrq' ? 'read' : 'write';
    const log = { client, filename: packet.filename, direction };
    if (packet.ignored.length > 0)
      logger.debug({ ...log, ignored: packet.ignored }, 'tftp: request oddities');
    const mode = packet.mode.toLowerCase();
    if (mode !== 'octet' && mode !== 'netascii') {
      logger.debug({ ...log, mode: packet.mode }, 'tftp: unsupported mode');
      this.#emit({ type: 'malformed', client, reason: `unsupported mode ${packet.mode}` });
      this.#replyError(rinfo, ErrorCode.IllegalOperation, 'Unsupported mode');
      return undefined;
    }
    const checked = normaliseFilename(packet.filename);
    if (!checked.ok) {
      this.#deny(rinfo, direction, client, packet.filename, checked.reason);
      return undefined;
    }
    const filename = checked.filename;
    if (direction === 'write' && !uploads) {
      logger.debug(log, 'tftp: write request refused');
      this.#emit({ type: 'denied', direction, client, filename, reason: 'uploads disabled' });
      this.#replyError(rinfo, ErrorCode.AccessViolation, 'Write not supported');
      return undefined;
    }
    // The same request again from the same port is the client re-sending it before our first
    // answer arrived: the first one goes on. A different request from that port is a new one
    // (tftp-hpa reuses its port for each get of a session).
    const reservation = this.#slots.reserve(
      `${rinfo.address}|${rinfo.port}|${packet.kind}|${filename}`,
      client.address,
    );
    if (reservation.ok) return { packet, direction, mode, filename, rinfo, client, slot: reservation.slot };
    if (reservation.reason === 'duplicate') return undefined;
    logger.info({ ...log, reason: reservation.reason }, 'tftp: request refused, busy');
    this.#emit({ type: 'denied', direction, client, filename, reason: reservation.reason });
    this.#replyError(rinfo, ErrorCode.NotDefined, 'Server busy');
    return undefined;
  }

  #deny(
    rinfo: RemoteInfo,
    direction: TftpDirection,
    client: TftpClient,
    filename: string,
    reason: string,
  ): void {
    this.#options.logger.info({ client, filename, direction, reason }, 'tftp: request denied');
    this.#emit({ type: 'denied', direction, client, filename, reason });
    this.#replyError(rinfo, ErrorCode.AccessViolation, 'Access violation');
  }

  /** Answers a resolver or upload handler that threw or timed out. */
  #internalError(request: Request, error: unknown): void {
    this.#options.logger.warn(
      { err: error, client: request.client, filename: request.filename },
      'tftp: request handler failed',
    );
    this.#replyError(request.rinfo, ErrorCode.NotDefined, 'Internal error');
  }

  /** Returns false when no transfer started (the caller gives the slot back). */
  async #startRead(request: Request): Promise<boolean> {
    const { rinfo, client, filename, mode, slot } = request;
    const { resolve, resolveTimeoutMs, caseInsensitive, limits, logger } = this.#options;
    const readRequest: TftpReadRequest = { filename, mode, client, caseInsensitive };
    let resolution: TftpResolution;
    try {
      resolution = await withTimeout(resolve(readRequest), resolveTimeoutMs);
    } catch (error) {
      if (!slot.cancelled) this.#internalError(request, error);
      return false;
    }
    if (slot.cancelled) return false;
    if (resolution.kind === 'not-found') {
      logger.info({ client, filename, reason: resolution.reason }, 'tftp: file not found');
      this.#emit({ type: 'not-found', client, filename, reason: resolution.reason });
      this.#replyError(rinfo, ErrorCode.FileNotFound, 'File not found');
      return false;
    }
    if (resolution.kind === 'denied') {
      this.#deny(rinfo, 'read', client, filename, resolution.reason);
      return false;
    }
    const negotiated = negotiate(request.packet.options, limits);
    if (negotiated.declined.length > 0) {
      logger.debug({ client, filename, declined: negotiated.declined }, 'tftp: options declined');
    }
    let source: BlockSource;
    try {
      source = await openBlockSource(resolution, mode, negotiated.blockSize);
    } catch (error) {
      this.#contentUnavailable(request, error);
      return false;
    }
    const answers: RawOption[] = [...negotiated.answers];
    // tsize is answered only when the size is known (not for a netascii file, see NetasciiSource).
    if (negotiated.tsize && source.size !== undefined) {
      answers.push({ name: negotiated.tsize.name, value: String(source.size) });
    }
    return this.#startTransfer(
      request,
      negotiated,
      source.size,
      () => source.close(),
      (ctx) =>
        new ReadTransfer(ctx, {
          source,
          blockSize: negotiated.blockSize,
          windowSize: negotiated.windowSize,
          oack: answers.length > 0 ? encodeOack(answers) : undefined,
        }),
    );
  }

  /** The resolver named a file that cannot be read now. */
  #contentUnavailable(request: Request, error: unknown): void {
    const { rinfo, client, filename } = request;
    const code = errorCodeOf(error);
    if (code === 'ENOENT') {
      this.#emit({ type: 'not-found', client, filename, reason: 'file vanished before it was opened' });
      this.#replyError(rinfo, ErrorCode.FileNotFound, 'File not found');
    } else if (code === 'EACCES' || code === 'EPERM') {
      this.#deny(rinfo, 'read', client, filename, 'content not readable');
    } else {
      this.#options.logger.warn({ err: error, client, filename }, 'tftp: content could not be opened');
      const changed = error instanceof ContentChangedError;
      this.#replyError(rinfo, ErrorCode.NotDefined, changed ? 'File changed' : 'Internal error');
    }
  }

  async #startWrite(request: Request): Promise<boolean> {
    const { rinfo, client, filename, mode, slot } = request;
    const { resolveTimeoutMs, caseInsensitive, limits, logger } = this.#options;
    const uploads = this.#options.uploads!;
    const negotiated = negotiate(request.packet.options, limits);
    const size = announcedSize(negotiated);
    let decision: TftpUploadDecision;
    try {
      decision = await withTimeout(
        uploads.accept({ filename, mode, client, caseInsensitive, size }),
        resolveTimeoutMs,
      );
    } catch (error) {
      if (!slot.cancelled) this.#internalError(request, error);
      return false;
    }
    if (slot.cancelled) return false;
    if (decision.kind === 'denied') {
      this.#deny(rinfo, 'write', client, filename, decision.reason);
      return false;
    }
    const maxBytes = Math.min(
      decision.maxBytes ?? Number.POSITIVE_INFINITY,
      uploads.maxBytes ?? DEFAULTS.uploadMaxBytes,
    );
    if (size !== undefined && size > maxBytes) {
      logger.info({ client, filename, size, maxBytes }, 'tftp: upload too large');
      this.#emit({
        type: 'denied',
        direction: 'write',
        client,
        filename,
        reason: 'announced size over the limit',
      });
      this.#replyError(rinfo, ErrorCode.DiskFull, 'Disk full or allocation exceeded');
      return false;
    }
    let file: UploadFile;
    try {
      file = await openUploadFile(decision.path);
    } catch (error) {
      this.#internalError(request, error);
      return false;
    }
    const answers: RawOption[] = [...negotiated.answers];
    if (negotiated.tsize && size !== undefined) answers.push(negotiated.tsize);
    return this.#startTransfer(
      request,
      negotiated,
      size,
      () => file.discard(),
      (ctx) =>
        new WriteTransfer(ctx, {
          handle: file.handle,
          tempPath: file.tempPath,
          path: decision.path,
          maxBytes,
          blockSize: negotiated.blockSize,
          windowSize: negotiated.windowSize,
          netascii: mode === 'netascii',
          oack: answers.length > 0 ? encodeOack(answers) : undefined,
          lingerMs: Math.min(ctx.timeoutMs * 2, 5000),
        }),
    );
  }

  /** Opens the transfer socket and starts; `discard` releases the content if that fails. */
  async #startTransfer(
    request: Request,
    negotiated: Negotiated,
    size: number | undefined,
    discard: () => Promise<void>,
    create: (ctx: TransferContext) => Transfer,
  ): Promise<boolean> {
    let socket: Socket;
    try {
      socket = await this.#openTransferSocket();
    } catch (error) {
      await discard().catch(() => {});
      this.#internalError(request, error);
      return false;
    }
    if (request.slot.cancelled) {
      socket.close();
      await discard().catch(() => {});
      return false;
    }
    const { direction, filename, client, rinfo, mode, slot } = request;
    const id = this.#nextId++;
    const peer: Peer = { sendAddress: rinfo.address, port: rinfo.port, client };
    const { timeoutS, blockSize, windowSize } = negotiated;
    let transfer: Transfer | undefined;
    const ctx: TransferContext = {
      id,
      direction,
      filename,
      socket,
      peer,
      timeoutMs: timeoutS !== undefined ? timeoutS * 1000 : this.#options.timeoutMs,
      backoff: timeoutS === undefined,
      retries: this.#options.retries,
      queueLimit: 2 * this.#options.limits.maxWindowSize + 16,
      logger: this.#options.logger,
      emit: (event) => this.#emit(event),
      onFinished: () => this.#slots.release(slot),
      onClosed: () => {
        if (transfer) this.#transfers.delete(transfer);
        this.#wakeIfIdle();
      },
    };
    transfer = create(ctx);
    this.#transfers.add(transfer);
    this.#emit({
      type: 'transfer-started',
      id,
      direction,
      filename,
      client,
      mode,
      blockSize,
      windowSize,
      timeoutMs: ctx.timeoutMs,
      size,
    });
    this.#options.logger.debug(
      { transfer: id, client, filename, blockSize, windowSize, size },
      'tftp: transfer started',
    );
    transfer.start();
    return true;
  }

  #isIdle(): boolean {
    return this.#slots.size === 0 && this.#transfers.size === 0;
  }

  #wakeIfIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when no transfer is left (slots given back and sockets closed), or after `timeoutMs`. */
  #waitIdle(timeoutMs: number): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
