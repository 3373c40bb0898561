/** What a response says about the transaction it answers. */
export interface SipResponse {
  readonly status: number;
  readonly reason: string;
  /** Branch of the topmost Via: the transaction's key. */
  readonly branch: string;
  readonly callId: string;
  readonly cseq: { readonly number: number; readonly method: string };
}

/** RFC 3261 §7.3.3 compact header names, for the headers matching needs. */
const COMPACT: Readonly<Record<string, string>> = { v: 'via', i: 'call-id' };

const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/i;
const CSEQ = /^(\d{1,10})\s+([A-Za-z]+)$/;

/** Header lines with continuation lines folded in (§7.3.1), names lower-cased. */
const headerFields = (lines: readonly string[]): Map<string, string[]> => {
  const fields = new Map<string, string[]>();
  let last: { name: string; index: number } | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      const values = fields.get(last.name)!;
      values[last.index] = `${values[last.index]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const values = fields.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return fields;
};

/** `SIP/2.0/UDP host:port;branch=z9hG4bK…;rport=…` → the branch parameter's value. */
const branchOf = (via: string): string | undefined => {
  const first = via.split(',')[0] ?? '';
  for (const param of first.split(';').slice(1)) {
    const [name, value] = param.split('=', 2);
    if (name?.trim().toLowerCase() === 'branch' && value !== undefined && value.trim() !== '') {
      return value.trim();
    }
  }
  return undefined;
};

/**
 * A SIP response's status and transaction keys; undefined for anything else (a request, junk,
 * a response missing what matching needs). Anything can arrive on a UDP port, so this never
 * throws.
 */
export const parseSipResponse = (datagram: Buffer): SipResponse | undefined => {
  const text = datagram.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split(/\r?\n/);
  const status = STATUS_LINE.exec(statusLine.trim());
  if (status === null) return undefined;
  const fields = headerFields(lines);
  const via = fields.get('via')?.[0];
  const callId = fields.get('call-id')?.[0];
  const cseq = CSEQ.exec(fields.get('cseq')?.[0] ?? '');
  const branch = via === undefined ? undefined : branchOf(via);
  if (branch === undefined || callId === undefined || callId === '' || cseq === null) return undefined;
  return {
    status: Number(status[1]),
    reason: (status[2] ?? '').trim(),
    branch,
    callId,
    cseq: { number: Number(cseq[1]), method: cseq[2]!.toUpperCase() },
  };
};
