/**
 * netascii (RFC 1350 via RFC 764): on the wire a line ends with CR LF and a bare CR is CR NUL.
 * Our files use the Unix convention, so sending maps LF → CR LF and CR → CR NUL; receiving undoes it.
 * Each input byte maps on its own when sending, which is why the encoded size is a simple count.
 */

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

export const netasciiLength = (data: Uint8Array): number => {
  let extra = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === LF || b === CR) extra++;
  }
  return data.length + extra;
};

export const encodeNetascii = (data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(netasciiLength(data));
  let o = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === LF) {
      out[o++] = CR;
      out[o++] = LF;
    } else if (b === CR) {
      out[o++] = CR;
      out[o++] = NUL;
    } else {
      out[o++] = b;
    }
  }
  return out;
};

/**
 * Receiving side. Stateful because a CR can end one DATA block and its partner start the next.
 * Lenient: a CR followed by anything other than LF or NUL is kept as is, with that byte.
 */
export class NetasciiDecoder {
  #pendingCr = false;

  decode(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(chunk.length + 1);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (b === LF) {
          out[o++] = LF;
          continue;
        }
        out[o++] = CR;
        if (b === NUL) continue;
      }
      if (b === CR) this.#pendingCr = true;
      else out[o++] = b;
    }
    return out.subarray(0, o);
  }

  /** Flushes a CR left dangling at the very end of the transfer. */
  end(): Uint8Array {
    if (!this.#pendingCr) return new Uint8Array(0);
    this.#pendingCr = false;
    return Uint8Array.of(CR);
  }
}
