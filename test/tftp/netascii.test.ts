import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferSource, NetasciiSource } from '../../src/adapters/tftp/block-source.js';
import { encodeNetascii, NetasciiDecoder, netasciiLength } from '../../src/adapters/tftp/netascii.js';

const text = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const decodeAll = (chunks: readonly Uint8Array[]): Buffer => {
  const decoder = new NetasciiDecoder();
  return Buffer.concat([...chunks.map((c) => decoder.decode(c)), decoder.end()]);
};
/** Bytes rich in CR, LF and NUL, where the conversions happen. */
const lineBytes = fc.uint8Array({ maxLength: 300 }).map((a) => a.map((b) => [0x0d, 0x0a, 0x00, b][b % 4]!));

describe('netascii', () => {
  it('sends LF as CR LF and a bare CR as CR NUL', () => {
    expect(Buffer.from(encodeNetascii(text('a\nb\rc\r\n'))).toString('latin1')).toBe('a\r\nb\r\0c\r\0\r\n');
    expect(netasciiLength(text('a\nb\rc\r\n'))).toBe(11);
  });

  it('decodes CR LF to LF and CR NUL to CR, also when the pair straddles two blocks', () => {
    expect(decodeAll([text('a\r'), text('\nb\r'), text('\0c\r')]).toString('latin1')).toBe('a\nb\rc\r');
  });

  it('round-trips any bytes, split anywhere', () => {
    fc.assert(
      fc.property(lineBytes, fc.array(fc.nat(), { maxLength: 5 }), (data, cuts) => {
        const encoded = encodeNetascii(data);
        expect(encoded.length).toBe(netasciiLength(data));
        const points = [...new Set(cuts.map((c) => c % (encoded.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, encoded.length].map((end, i) =>
          encoded.subarray(i === 0 ? 0 : points[i - 1], end),
        );
        expect(decodeAll(chunks).equals(Buffer.from(data))).toBe(true);
      }),
    );
  });

  it('converts a streamed source block by block to the same bytes as a whole-buffer conversion', async () => {
    await fc.assert(
      fc.asyncProperty(lineBytes, fc.integer({ min: 8, max: 64 }), async (data, blockSize) => {
        const source = new NetasciiSource(new BufferSource(data));
        const blocks: Buffer[] = [];
        for (;;) {
          const block = Buffer.alloc(blockSize);
          const n = await source.read(block);
          blocks.push(block.subarray(0, n));
          if (n < blockSize) break;
        }
        expect(Buffer.concat(blocks).equals(Buffer.from(encodeNetascii(data)))).toBe(true);
      }),
    );
  });
});
