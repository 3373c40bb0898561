/**
 * Option negotiation (RFC 2347) for blksize (RFC 2348), timeout and tsize (RFC 2349) and
 * windowsize (RFC 7440). A server may always decline an option by leaving it out of the OACK, so
 * every bad value (out of range, not a number, repeated, unknown) is declined rather than failing
 * the request: phones in the field send odd requests and a refusal would leave them without config.
 */
import type { RawOption } from './packets.js';

export const DEFAULT_BLOCK_SIZE = 512;
export const MIN_BLOCK_SIZE = 8;
/** RFC 2348: 65464 = the largest block that fits a UDP datagram over IPv4 with the 4-byte header. */
export const MAX_BLOCK_SIZE = 65464;
export const MAX_WINDOW_SIZE = 65535;
export const MIN_TIMEOUT_S = 1;
export const MAX_TIMEOUT_S = 255;

export interface NegotiationLimits {
  readonly maxBlockSize: number;
  readonly maxWindowSize: number;
}

export interface Negotiated {
  readonly blockSize: number;
  readonly windowSize: number;
  /** Retransmission interval the client asked for, in seconds, when it asked for one we accept. */
  readonly timeoutS: number | undefined;
  /** Present when the client sent tsize; `name` keeps the client's spelling for the echo. */
  readonly tsize: { readonly name: string; readonly value: string } | undefined;
  /** Accepted options other than tsize, already in their answer form (name as sent, our value). */
  readonly answers: readonly RawOption[];
  /** Declined options with the reason, for debug logs. */
  readonly declined: readonly string[];
}

/** Decimal digits only: `Number()` would also take '0x10', ' 12', '1e3' or ''. */
const parseDecimal = (value: string): number | undefined =>
  /^[0-9]{1,10}$/.test(value) ? Number.parseInt(value, 10) : undefined;

const inRange = (value: string, min: number, max: number): number | undefined => {
  const n = parseDecimal(value);
  return n !== undefined && n >= min && n <= max ? n : undefined;
};

export const negotiate = (options: readonly RawOption[], limits: NegotiationLimits): Negotiated => {
  let blockSize = DEFAULT_BLOCK_SIZE;
  let windowSize = 1;
  let timeoutS: number | undefined;
  let tsize: Negotiated['tsize'];
  const answers: RawOption[] = [];
  const declined: string[] = [];
  const seen = new Set<string>();

  for (const { name, value } of options) {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      // RFC 2347 says nothing about repeats; the first one wins, as it was answered already.
      declined.push(`${name}: repeated`);
      continue;
    }
    seen.add(key);
    switch (key) {
      case 'blksize': {
        const asked = inRange(value, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE);
        if (asked === undefined) {
          declined.push(`${name}=${value}: outside ${MIN_BLOCK_SIZE}-${MAX_BLOCK_SIZE}`);
          break;
        }
        blockSize = Math.min(asked, limits.maxBlockSize);
        answers.push({ name, value: String(blockSize) });
        break;
      }
      case 'windowsize': {
        const asked = inRange(value, 1, MAX_WINDOW_SIZE);
        if (asked === undefined) {
          declined.push(`${name}=${value}: outside 1-${MAX_WINDOW_SIZE}`);
          break;
        }
        windowSize = Math.min(asked, limits.maxWindowSize);
        answers.push({ name, value: String(windowSize) });
        break;
      }
      case 'timeout': {
        const asked = inRange(value, MIN_TIMEOUT_S, MAX_TIMEOUT_S);
        if (asked === undefined) {
          declined.push(`${name}=${value}: outside ${MIN_TIMEOUT_S}-${MAX_TIMEOUT_S}`);
          break;
        }
        // RFC 2349: the server must answer with the same value or not at all.
        timeoutS = asked;
        answers.push({ name, value: String(asked) });
        break;
      }
      case 'tsize':
        // Read: the value should be 0 but atftp can send 'enable'; we answer the real size anyway.
        // Write: the caller checks the value (it is the upload's announced size).
        tsize = { name, value };
        break;
      default:
        declined.push(`${name}: unknown option`);
    }
  }
  return { blockSize, windowSize, timeoutS, tsize, answers, declined };
};

/** The announced upload size of a WRQ, when the client sent a well-formed one. */
export const announcedSize = (negotiated: Negotiated): number | undefined =>
  negotiated.tsize === undefined ? undefined : parseDecimal(negotiated.tsize.value);
