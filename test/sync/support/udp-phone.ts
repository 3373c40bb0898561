/**
 * A phone's SIP port, for real: a UDP socket on 127.0.0.1 that records every datagram and lets
 * each test decide how (and whether) to answer.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

export interface ReceivedRequest {
  readonly raw: string;
  readonly method: string;
  readonly uri: string;
  readonly from: RemoteInfo;
  /** First value of a header, by case-insensitive name. */
  header(name: string): string | undefined;
  /** Every header name in order, as sent. */
  readonly headerNames: readonly string[];
}

/** Called for each datagram with its 0-based arrival index. */
export type Behaviour = (request: ReceivedRequest, index: number, phone: UdpPhone) => void;

const parse = (raw: string, from: RemoteInfo): ReceivedRequest => {
  const [head = ''] = raw.split('\r\n\r\n');
  const [requestLine = '', ...lines] = head.split('\r\n');
  const [method = '', uri = ''] = requestLine.split(' ');
  const headers = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
  });
  return {
    raw,
    method,
    uri,
    from,
    headerNames: headers.map(([name]) => name),
    header: (name) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1],
  };
};

export interface ResponseParts {
  readonly via?: string;
  readonly callId?: string;
  readonly cseq?: string;
}

/** A response as a phone builds one: the request's Via, From, Call-ID and CSeq, a To tag. */
export const responseTo = (
  request: ReceivedRequest,
  status: number,
  reason: string,
  parts: ResponseParts = {},
) =>
  [
    `SIP/2.0 ${status} ${reason}`,
    `Via: ${parts.via ?? `${request.header('via')};received=${request.from.address}`}`,
    `From: ${request.header('from')}`,
    `To: ${request.header('to')};tag=phone1`,
    `Call-ID: ${parts.callId ?? request.header('call-id')}`,
    `CSeq: ${parts.cseq ?? request.header('cseq')}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

export class UdpPhone {
  readonly received: ReceivedRequest[] = [];
  readonly #socket: Socket;

  private constructor(socket: Socket, behaviour: Behaviour) {
    this.#socket = socket;
    socket.on('message', (datagram, from) => {
      const request = parse(datagram.toString('utf8'), from);
      this.received.push(request);
      behaviour(request, this.received.length - 1, this);
    });
  }

  static start(behaviour: Behaviour, port = 0): Promise<UdpPhone> {
    const socket = createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => resolve(new UdpPhone(socket, behaviour)));
    });
  }

  get port(): number {
    return this.#socket.address().port;
  }

  send(to: RemoteInfo, text: string | Buffer): void {
    this.#socket.send(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, to.port, to.address);
  }

  reply(request: ReceivedRequest, status: number, reason: string, parts?: ResponseParts): void {
    this.send(request.from, responseTo(request, status, reason, parts));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}

/** A phone that answers every request at once with the same status. */
export const answering =
  (status: number, reason: string): Behaviour =>
  (request, _index, phone) =>
    phone.reply(request, status, reason);

/** A phone that hears but never answers. */
export const silent: Behaviour = () => {};
