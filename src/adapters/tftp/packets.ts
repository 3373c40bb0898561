/**
 * TFTP wire format (RFC 1350, OACK from RFC 2347). Pure functions: decoding never throws, because
 * every byte here comes from the network and a throw inside a socket handler is a crash.
 */

export const Opcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

export const ErrorCode = {
  NotDefined: 0,
  FileNotFound: 1,
  AccessViolation: 2,
  DiskFull: 3,
  IllegalOperation: 4,
  UnknownTransferId: 5,
  FileExists: 6,
  NoSuchUser: 7,
  OptionRefused: 8,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One `name\0value\0` pair, both as sent (decoded byte for byte, see `decodeText`). */
export interface RawOption {
  readonly name: string;
  readonly value: string;
}

export interface RequestPacket {
  readonly kind: 'rrq' | 'wrq';
  /** As sent: not normalised, not checked (see filename.ts). */
  readonly filename: string;
  /** As sent; compare case-insensitively. */
  readonly mode: string;
  readonly options: readonly RawOption[];
  /** Things the decoder skipped without failing the request (dangling option name, trailing bytes). */
  readonly ignored: readonly string[];
}

export type Packet =
  | RequestPacket
  | { readonly kind: 'data'; readonly block: number; readonly payload: Uint8Array }
  | { readonly kind: 'ack'; readonly block: number }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }
  | { readonly kind: 'oack'; readonly options: readonly RawOption[] }
  | { readonly kind: 'malformed'; readonly opcode: number | undefined; readonly reason: string };

/**
 * latin1 maps each byte to one code point and back, so a name survives the round trip exactly
 * (UTF-8 decoding would fold invalid sequences into U+FFFD and make distinct names equal).
 */
const decodeText = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');

const malformed = (opcode: number | undefined, reason: string): Packet => ({
  kind: 'malformed',
  opcode,
  reason,
});

/** Splits `bytes` on NUL. `rest` holds what followed the last NUL (non-empty means an unterminated field). */
const splitFields = (bytes: Uint8Array): { fields: Uint8Array[]; rest: Uint8Array } => {
  const fields: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      fields.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return { fields, rest: bytes.subarray(start) };
};

const decodeRequest = (kind: 'rrq' | 'wrq', body: Uint8Array, opcode: number): Packet => {
  const { fields, rest } = splitFields(body);
  if (fields.length < 2) return malformed(opcode, 'request without NUL-terminated filename and mode');
  const [filename, mode, ...optionFields] = fields as [Uint8Array, Uint8Array, ...Uint8Array[]];
  if (mode.length === 0) return malformed(opcode, 'empty mode');
  const ignored: string[] = [];
  const options: RawOption[] = [];
  for (let i = 0; i < optionFields.length; i += 2) {
    const name = decodeText(optionFields[i]!);
    const value = optionFields[i + 1];
    if (value === undefined) {
      // Some clients pad requests with a NUL; an empty name is that, not an option.
      if (name !== '') ignored.push(`option without value: ${name}`);
      continue;
    }
    if (name === '') {
      ignored.push('option with empty name');
      continue;
    }
    options.push({ name, value: decodeText(value) });
  }
  if (rest.length > 0) ignored.push(`${rest.length} unterminated trailing byte(s)`);
  return { kind, filename: decodeText(filename), mode: decodeText(mode), options, ignored };
};

export const decodePacket = (datagram: Uint8Array): Packet => {
  if (datagram.length < 2) return malformed(undefined, `datagram of ${datagram.length} byte(s)`);
  const opcode = (datagram[0]! << 8) | datagram[1]!;
  const body = datagram.subarray(2);
  switch (opcode) {
    case Opcode.RRQ:
      return decodeRequest('rrq', body, opcode);
    case Opcode.WRQ:
      return decodeRequest('wrq', body, opcode);
    case Opcode.DATA:
      if (body.length < 2) return malformed(opcode, 'DATA without block number');
      return { kind: 'data', block: (body[0]! << 8) | body[1]!, payload: body.subarray(2) };
    case Opcode.ACK:
      // Some stacks pad short datagrams; extra bytes after the block number are harmless.
      if (body.length < 2) return malformed(opcode, 'ACK without block number');
      return { kind: 'ack', block: (body[0]! << 8) | body[1]! };
    case Opcode.ERROR: {
      if (body.length < 2) return malformed(opcode, 'ERROR without code');
      // The message should be NUL-terminated; a missing terminator still tells us the peer gave up.
      const text = body.subarray(2);
      const nul = text.indexOf(0);
      return {
        kind: 'error',
        code: (body[0]! << 8) | body[1]!,
        message: decodeText(nul === -1 ? text : text.subarray(0, nul)),
      };
    }
    case Opcode.OACK: {
      const { fields } = splitFields(body);
      const options: RawOption[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) {
        options.push({ name: decodeText(fields[i]!), value: decodeText(fields[i + 1]!) });
      }
      return { kind: 'oack', options };
    }
    default:
      return malformed(opcode, `unknown opcode ${opcode}`);
  }
};

const header = (opcode: number, second: number, extra: number): Buffer => {
  const packet = Buffer.allocUnsafe(4 + extra);
  packet.writeUInt16BE(opcode, 0);
  packet.writeUInt16BE(second, 2);
  return packet;
};

/** Block numbers on the wire are 16 bits; callers count blocks without limit and this wraps them. */
export const wireBlock = (block: number): number => block & 0xffff;

export const encodeData = (block: number, payload: Uint8Array): Buffer => {
  const packet = header(Opcode.DATA, wireBlock(block), payload.length);
  packet.set(payload, 4);
  return packet;
};

/** Writes the DATA header into the first 4 bytes of a packet buffer whose payload is already in place. */
export const writeDataHeader = (packet: Buffer, block: number): void => {
  packet.writeUInt16BE(Opcode.DATA, 0);
  packet.writeUInt16BE(wireBlock(block), 2);
};

export const encodeAck = (block: number): Buffer => header(Opcode.ACK, wireBlock(block), 0);

/** Messages are ASCII by contract; anything else is replaced so a caller cannot leak bytes or break framing. */
export const encodeError = (code: ErrorCode, message: string): Buffer => {
  const text = Buffer.from(message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200), 'latin1');
  const packet = header(Opcode.ERROR, code, text.length + 1);
  text.copy(packet, 4);
  packet[packet.length - 1] = 0;
  return packet;
};

const encodeStrings = (opcode: number, strings: readonly string[]): Buffer => {
  const parts = strings.map((s) => Buffer.from(s, 'latin1'));
  const packet = Buffer.alloc(2 + parts.reduce((n, p) => n + p.length + 1, 0));
  packet.writeUInt16BE(opcode, 0);
  let offset = 2;
  for (const part of parts) {
    part.copy(packet, offset);
    offset += part.length + 1; // the NUL is already there (Buffer.alloc zero-fills)
  }
  return packet;
};

export const encodeOack = (options: readonly RawOption[]): Buffer =>
  encodeStrings(
    Opcode.OACK,
    options.flatMap((o) => [o.name, o.value]),
  );

/** The client side of a request; the server never sends one, tests and tools do. */
export const encodeRequest = (
  kind: 'rrq' | 'wrq',
  filename: string,
  mode: string,
  options: readonly RawOption[] = [],
): Buffer =>
  encodeStrings(kind === 'rrq' ? Opcode.RRQ : Opcode.WRQ, [
    filename,
    mode,
    ...options.flatMap((o) => [o.name, o.value]),
  ]);
