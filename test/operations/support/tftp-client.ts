import { createSocket } from 'node:dgram';

/**
 * A minimal RFC 1350 read client (512-byte blocks, no options) whose pace the test chooses: the
 * Debian clients download as fast as they can, and some tests need a phone on a slow link.
 */
export interface TftpReadOptions {
  readonly host?: string;
  /** Wait this long before acknowledging each block. */
  readonly ackDelayMs?: number;
  /** Wait this long before acknowledging the first block (to make the server retransmit). */
  readonly firstAckDelayMs?: number;
  /** Called with each new block number as it arrives. */
  readonly onBlock?: (block: number) => void;
  readonly timeoutMs?: number;
}

export class TftpClientError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`TFTP ERROR ${code}: ${message}`);
  }
}

const BLOCK = 512;

export const tftpRead = (port: number, filename: string, options: TftpReadOptions = {}): Promise<Buffer> => {
  const host = options.host ?? '127.0.0.1';
  const socket = createSocket('udp4');
  const chunks: Buffer[] = [];
  let expected = 1;
  let acking = false;
  let done = false;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`TFTP read of ${filename} timed out`)),
      options.timeoutMs ?? 30_000,
    );
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    socket.on('error', (error) => finish(error));
    socket.on('message', (packet, rinfo) => {
      const opcode = packet.readUInt16BE(0);
      if (opcode === 5) {
        finish(
          new TftpClientError(packet.readUInt16BE(2), packet.subarray(4, packet.indexOf(0, 4)).toString()),
        );
        return;
      }
      if (opcode !== 3) return;
      const block = packet.readUInt16BE(2);
      // Retransmissions of a block already taken, or arriving while its ACK waits, are dropped.
      if (block !== expected || acking) return;
      const data = packet.subarray(4);
      chunks.push(data);
      options.onBlock?.(block);
      acking = true;
      const delay =
        block === 1 ? (options.firstAckDelayMs ?? options.ackDelayMs ?? 0) : (options.ackDelayMs ?? 0);
      setTimeout(() => {
        if (done) return;
        const ack = Buffer.alloc(4);
        ack.writeUInt16BE(4, 0);
        ack.writeUInt16BE(block, 2);
        socket.send(ack, rinfo.port, rinfo.address, () => {
          acking = false;
          expected = block + 1;
          if (data.length < BLOCK) finish();
        });
      }, delay);
    });
    const request = Buffer.concat([Buffer.from([0, 1]), Buffer.from(`${filename}\0octet\0`, 'latin1')]);
    socket.send(request, port, host);
  });
};
