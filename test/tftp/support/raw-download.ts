/**
 * A minimal TFTP reader over RawClient for tests that need to see the wire: it records each DATA
 * block number as sent (so block-number rollover is visible) and ACKs every window.
 */
import { encodeAck, encodeRequest, type RawOption } from '../../../src/adapters/tftp/packets.js';
import type { RawClient } from './raw-client.js';

export interface RawDownload {
  readonly data: Buffer;
  readonly oack: readonly RawOption[] | undefined;
  readonly wireBlocks: number[];
}

export const rawDownload = async (
  client: RawClient,
  serverPort: number,
  filename: string,
  options: readonly RawOption[] = [],
  mode = 'octet',
): Promise<RawDownload> => {
  await client.send(encodeRequest('rrq', filename, mode, options), serverPort);
  let blockSize = 512;
  let windowSize = 1;
  let oack: RawOption[] | undefined;
  const chunks: Buffer[] = [];
  const wireBlocks: number[] = [];
  let first = await client.receive();
  const transferPort = first.from.port;
  if (first.packet.kind === 'oack') {
    oack = [...first.packet.options];
    for (const { name, value } of oack) {
      if (name.toLowerCase() === 'blksize') blockSize = Number(value);
      if (name.toLowerCase() === 'windowsize') windowSize = Number(value);
    }
    await client.send(encodeAck(0), transferPort);
    first = await client.receive();
  }
  let expected = 1;
  let sinceAck = 0;
  for (let got = first; ; got = await client.receive()) {
    const { packet } = got;
    if (packet.kind === 'error') throw new Error(`ERROR ${packet.code}: ${packet.message}`);
    if (packet.kind !== 'data') throw new Error(`unexpected ${packet.kind}`);
    if (packet.block !== (expected & 0xffff))
      throw new Error(`got block ${packet.block}, expected ${expected}`);
    wireBlocks.push(packet.block);
    chunks.push(Buffer.from(packet.payload));
    const last = packet.payload.length < blockSize;
    if (last || ++sinceAck === windowSize) {
      await client.send(encodeAck(expected), transferPort);
      sinceAck = 0;
    }
    if (last) break;
    expected++;
  }
  return { data: Buffer.concat(chunks), oack, wireBlocks };
};
