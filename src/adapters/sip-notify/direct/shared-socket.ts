import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { SyncError } from '../../../application/sync/synchronizer.js';

export interface SharedSocketOptions {
  readonly address: string;
  readonly port: number;
  readonly onMessage: (datagram: Buffer, from: RemoteInfo) => void;
  /** The socket failed after it was bound; it is closed and the next open() binds again. */
  readonly onError: (error: Error) => void;
}

const codeOf = (error: unknown): string =>
  error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);

const closeQuietly = (socket: Socket, done: () => void = () => {}): void => {
  try {
    socket.close(done);
  } catch {
    done(); // already closed
  }
};

/**
 * The one UDP socket every transaction sends from and hears its answer on, bound on first use:
 * a server that never synchronizes holds no port.
 */
export class SharedSocket {
  readonly #options: SharedSocketOptions;
  #socket: Socket | undefined;
  #bound: Promise<AddressInfo> | undefined;
  /** Settles a bind still in progress when close() comes, which would otherwise never settle. */
  #abandonBind: ((error: Error) => void) | undefined;

  constructor(options: SharedSocketOptions) {
    this.#options = options;
  }

  /** The bound address, once open() has resolved. */
  get address(): AddressInfo | undefined {
    try {
      return this.#socket?.address();
    } catch {
      return undefined;
    }
  }

  open(): Promise<AddressInfo> {
    this.#bound ??= this.#bind();
    return this.#bound;
  }

  /** Sends one datagram; failures (no route, socket gone) reach `onSendError`, never a throw. */
  send(datagram: Buffer, port: number, ip: string, onSendError: (reason: string) => void): void {
    const socket = this.#socket;
    if (socket === undefined) {
      onSendError('the SIP socket is closed');
      return;
    }
    try {
      socket.send(datagram, port, ip, (error) => {
        if (error) onSendError(codeOf(error));
      });
    } catch (error) {
      onSendError(codeOf(error));
    }
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#bound = undefined;
    this.#abandonBind?.(new SyncError('the SIP socket was closed'));
    if (socket === undefined) return;
    await new Promise<void>((resolve) => closeQuietly(socket, resolve));
  }

  #bind(): Promise<AddressInfo> {
    const { address, port, onMessage, onError } = this.#options;
    const socket = createSocket('udp4');
    this.#socket = socket;
    return new Promise<AddressInfo>((resolve, reject) => {
      this.#abandonBind = (error) => {
        this.#abandonBind = undefined;
        reject(error);
      };
      const failBind = (error: Error): void => {
        if (this.#socket === socket) {
          this.#socket = undefined;
          this.#bound = undefined;
        }
        this.#abandonBind = undefined;
        closeQuietly(socket);
        reject(new SyncError(`cannot open the SIP socket on ${address}:${port}: ${codeOf(error)}`));
      };
      socket.once('error', failBind);
      socket.bind({ address, port, exclusive: true }, () => {
        if (this.#socket !== socket) return; // closed while binding: already rejected
        socket.off('error', failBind);
        this.#abandonBind = undefined;
        socket.on('error', (error) => {
          if (this.#socket === socket) void this.close();
          onError(error);
        });
        socket.on('message', onMessage);
        // In-flight transactions keep the process alive through their timers; an idle socket must not.
        socket.unref();
        resolve(socket.address());
      });
    });
  }
}
