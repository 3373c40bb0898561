/**
 * A bare UDP peer for protocol tests: sends hand-made datagrams and records what comes back.
 * Receive calls must be awaited one after the other (one waiter at a time).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { decodePacket, type Packet } from '../../../src/adapters/tftp/packets.js';

export interface Received {
  readonly packet: Packet;
  readonly raw: Buffer;
  readonly from: RemoteInfo;
}

export class RawClient {
  readonly #inbox: Received[] = [];
  #waiter: (() => void) | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
  ) {
    socket.on('message', (raw, from) => {
      this.#inbox.push({ packet: decodePacket(raw), raw, from });
      this.#waiter?.();
    });
  }

  /** `bindAddress` sets the client's own address (127.0.0.2 is a second IPv4 loopback client). */
  static async open(host = '127.0.0.1', bindAddress?: string): Promise<RawClient> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve) => socket.bind({ port: 0, address: bindAddress }, resolve));
    return new RawClient(socket, host);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(packet: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.send(packet, port, this.host, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Next datagram; rejects after `timeoutMs` of silence. */
  async receive(timeoutMs = 2000): Promise<Received> {
    const got = await this.tryReceive(timeoutMs);
    if (!got) throw new Error(`no datagram within ${timeoutMs} ms`);
    return got;
  }

  /** Next datagram, or undefined after `timeoutMs` of silence. */
  async tryReceive(timeoutMs: number): Promise<Received | undefined> {
    if (this.#inbox.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiter = done;
      });
      this.#waiter = undefined;
    }
    return this.#inbox.shift();
  }

  /** Everything that arrives until the line has been quiet for `quietMs`. */
  async drain(quietMs: number): Promise<Received[]> {
    const all: Received[] = [];
    for (;;) {
      const got = await this.tryReceive(quietMs);
      if (!got) return all;
      all.push(got);
    }
  }

  close(): void {
    this.socket.close();
  }
}
