/**
 * wazo-amid's action endpoint, for real over HTTP on 127.0.0.1: records each request and answers
 * what the test says.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Undefined: never answer (a hung amid). */
export type Responder = (request: RecordedRequest) => Answer | undefined;

export class AmidStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #hanging: ServerResponse[] = [];

  private constructor(server: Server) {
    this.#server = server;
  }

  static start(responder: Responder): Promise<AmidStandIn> {
    let standIn: AmidStandIn | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: text === '' ? undefined : JSON.parse(text),
        };
        standIn!.requests.push(recorded);
        const answer = responder(recorded);
        if (answer === undefined) {
          standIn!.#hanging.push(res);
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    standIn = new AmidStandIn(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(standIn!)));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    for (const res of this.#hanging.splice(0)) res.destroy();
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** What amid returns for a PJSIPNotify that Asterisk accepted. */
export const NOTIFY_SENT: Answer = { status: 200, body: [{ Response: 'Success', Message: 'NOTIFY sent' }] };
