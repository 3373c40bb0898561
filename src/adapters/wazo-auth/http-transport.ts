import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AuthUnavailableError } from '../../application/auth/auth-backend.js';

export interface TransportOptions {
  /** wazo-auth's base URL, e.g. `https://127.0.0.1:9497` or `https://wazo.example.com/api/auth`. */
  readonly baseUrl: string;
  /** Whole-request deadline: connecting, sending, and reading the full answer. */
  readonly timeoutMs: number;
  /** PEM certificates to trust for an https URL, instead of the system's CAs. */
  readonly ca?: string | Buffer;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export interface HttpCall {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  /** Path below the base URL, starting with `/0.1/`, query included; already encoded. */
  readonly path: string;
  /**
   * What to call the request in errors and logs. The path may hold a token (`/0.1/token/<token>`),
   * so it is never used for that.
   */
  readonly label: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** The largest answer read; a tenant list of thousands of tenants stays well below it. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * HTTP(S) to wazo-auth on node:http rather than fetch: Node's built-in fetch cannot be told to trust
 * a CA file without the undici package, and node:https takes one per agent. Keep-alive agents, so
 * the cached-miss path costs a round trip, not a handshake.
 */
export class HttpTransport {
  readonly #url: URL;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #agent: HttpAgent | HttpsAgent;
  readonly #request: typeof httpRequest;

  constructor(options: TransportOptions) {
    this.#url = new URL(options.baseUrl);
    if (this.#url.protocol !== 'http:' && this.#url.protocol !== 'https:') {
      throw new Error(`wazo-auth URL must be http or https: ${options.baseUrl}`);
    }
    this.#prefix = this.#url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    const https = this.#url.protocol === 'https:';
    const agentOptions = { keepAlive: true, maxSockets: 64 };
    this.#agent = https
      ? new HttpsAgent({ ...agentOptions, ...(options.ca === undefined ? {} : { ca: options.ca }) })
      : new HttpAgent(agentOptions);
    this.#request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  /** `scheme://host:port` of the server, for messages. */
  get origin(): string {
    return this.#url.origin;
  }

  /** Resolves with any HTTP answer; rejects with AuthUnavailableError when there is none in time. */
  send(call: HttpCall): Promise<HttpAnswer> {
    const deadline = Date.now() + this.#timeoutMs;
    return this.#attempt(call, deadline, true);
  }

  #attempt(call: HttpCall, deadline: number, mayRetry: boolean): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      let answered = false;
      const fail = (reason: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new AuthUnavailableError(`wazo-auth at ${this.origin} (${call.label}): ${reason}`));
      };
      const request = this.#request(
        {
          agent: this.#agent,
          protocol: this.#url.protocol,
          hostname: this.#url.hostname.replace(/^\[|\]$/g, ''),
          port: this.#url.port,
          method: call.method,
          path: this.#prefix + call.path,
          headers: {
            accept: 'application/json',
            ...(call.body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(call.body) }),
            ...call.headers,
          },
        },
        (response) => {
          answered = true;
          readAnswer(response).then(
            (body) => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve({ status: response.statusCode ?? 0, body });
            },
            (error: Error) => fail(error.message),
          );
        },
      );
      const timer = setTimeout(
        () => {
          fail(`no answer within ${this.#timeoutMs} ms`);
          request.destroy();
        },
        Math.max(0, deadline - Date.now()),
      );
      request.on('error', (error) => {
        // A kept-alive connection the server closed meanwhile (wazo-auth restarted): the request
        // almost surely never reached it. Sent again once on a fresh connection; every call here
        // is safe to repeat (a duplicate service token would only expire unused).
        if (mayRetry && request.reusedSocket && !answered && !settled) {
          settled = true;
          clearTimeout(timer);
          this.#attempt(call, deadline, false).then(resolve, reject);
          return;
        }
        fail(error.message);
      });
      request.end(call.body);
    });
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.#agent.destroy();
  }
}

const readAnswer = (response: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        response.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    response.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    response.on('error', reject);
    // A connection dropped mid-answer closes without an end (settling twice is harmless).
    response.on('close', () => {
      if (!ended) reject(new Error('answer cut short'));
    });
  });
