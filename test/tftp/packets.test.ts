import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  ErrorCode,
  encodeAck,
  encodeData,
  encodeError,
  encodeOack,
  encodeRequest,
} from '../../src/adapters/tftp/packets.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
/** Text without NUL: the only thing a NUL-terminated field cannot carry. */
const field = fc.string({
  unit: fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

describe('decodePacket', () => {
  it('decodes an RRQ with options, keeping names and values as sent', () => {
    const packet = decodePacket(
      encodeRequest('rrq', 'SEP001.cnf.xml', 'OCTET', [{ name: 'BlkSize', value: '1428' }]),
    );
    expect(packet).toEqual({
      kind: 'rrq',
      filename: 'SEP001.cnf.xml',
      mode: 'OCTET',
      options: [{ name: 'BlkSize', value: '1428' }],
      ignored: [],
    });
  });

  it('refuses requests whose filename or mode is not NUL-terminated', () => {
    expect(decodePacket(bytes(0, 1, 0x61, 0x62))).toMatchObject({ kind: 'malformed', opcode: 1 });
    expect(decodePacket(bytes(0, 1, 0x61, 0, 0x6f, 0x63))).toMatchObject({ kind: 'malformed', opcode: 1 });
    expect(decodePacket(bytes(0, 2, 0x61, 0, 0))).toMatchObject({ kind: 'malformed', reason: 'empty mode' });
  });

  it('keeps the request but notes a dangling option name and trailing bytes', () => {
    const raw = Buffer.concat([
      encodeRequest('rrq', 'f', 'octet'),
      Buffer.from('tsize\0'),
      Buffer.from('xy'),
    ]);
    const packet = decodePacket(raw);
    expect(packet).toMatchObject({ kind: 'rrq', filename: 'f', options: [] });
    expect(packet.kind === 'rrq' && packet.ignored).toEqual([
      'option without value: tsize',
      '2 unterminated trailing byte(s)',
    ]);
  });

  it('treats a padding NUL after the mode as nothing', () => {
    const packet = decodePacket(Buffer.concat([encodeRequest('rrq', 'f', 'octet'), Buffer.from([0])]));
    expect(packet).toMatchObject({ kind: 'rrq', options: [], ignored: [] });
  });

  it('decodes DATA, ACK, ERROR (with or without its terminator) and OACK', () => {
    expect(decodePacket(bytes(0, 3, 0xff, 0xff, 1, 2))).toEqual({
      kind: 'data',
      block: 65535,
      payload: bytes(1, 2),
    });
    expect(decodePacket(bytes(0, 4, 1, 0))).toEqual({ kind: 'ack', block: 256 });
    expect(decodePacket(bytes(0, 5, 0, 8, 0x6e, 0x6f, 0))).toEqual({ kind: 'error', code: 8, message: 'no' });
    expect(decodePacket(bytes(0, 5, 0, 1, 0x6e))).toEqual({ kind: 'error', code: 1, message: 'n' });
    expect(decodePacket(encodeOack([{ name: 'blksize', value: '8' }]))).toEqual({
      kind: 'oack',
      options: [{ name: 'blksize', value: '8' }],
    });
  });

  it('calls everything else malformed', () => {
    expect(decodePacket(bytes())).toMatchObject({ kind: 'malformed', opcode: undefined });
    expect(decodePacket(bytes(0))).toMatchObject({ kind: 'malformed', opcode: undefined });
    expect(decodePacket(bytes(0, 4, 1))).toMatchObject({ kind: 'malformed', opcode: 4 });
    expect(decodePacket(bytes(0, 3))).toMatchObject({ kind: 'malformed', opcode: 3 });
    expect(decodePacket(bytes(0, 5, 0))).toMatchObject({ kind: 'malformed', opcode: 5 });
    expect(decodePacket(bytes(0, 7, 0, 0))).toMatchObject({ kind: 'malformed', opcode: 7 });
    expect(decodePacket(bytes(0xff, 0xff))).toMatchObject({ kind: 'malformed', opcode: 65535 });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (datagram) => {
        expect(() => decodePacket(datagram)).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips requests built from arbitrary NUL-free text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('rrq' as const, 'wrq' as const),
        field,
        field.filter((m) => m.length > 0),
        fc.array(fc.record({ name: field.filter((n) => n.length > 0), value: field }), { maxLength: 5 }),
        (kind, filename, mode, options) => {
          expect(decodePacket(encodeRequest(kind, filename, mode, options))).toEqual({
            kind,
            filename,
            mode,
            options,
            ignored: [],
          });
        },
      ),
    );
  });
});

describe('encoders', () => {
  it('wraps block numbers to 16 bits (block 65536 goes out as 0)', () => {
    expect([...encodeData(65536, bytes(9)).subarray(0, 5)]).toEqual([0, 3, 0, 0, 9]);
    expect([...encodeData(65537, bytes())]).toEqual([0, 3, 0, 1]);
    expect([...encodeAck(70000)]).toEqual([0, 4, (70000 & 0xffff) >> 8, 70000 & 0xff]);
  });

  it('writes ERROR with a NUL-terminated ASCII message, replacing anything else', () => {
    expect([...encodeError(ErrorCode.FileNotFound, 'File not found')]).toEqual([
      0,
      5,
      0,
      1,
      ...Buffer.from('File not found'),
      0,
    ]);
    expect(decodePacket(encodeError(ErrorCode.NotDefined, 'é\0x\n'))).toEqual({
      kind: 'error',
      code: 0,
      message: '??x?',
    });
  });
});
