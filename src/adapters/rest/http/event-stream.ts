import type { FastifyReply, FastifyRequest } from 'fastify';
import { RestError } from './rest-error.js';

export const EVENT_STREAM_MIME = 'text/event-stream';

/** A client that asks for something else than server-sent events (or anything) gets 406. */
export const requireEventStreamAcceptable = (request: FastifyRequest): void => {
  const accept = request.headers.accept;
  if (accept === undefined) return;
  const ok = accept.split(',').some((range) => {
    const type = range.split(';')[0]?.trim().toLowerCase();
    return type === EVENT_STREAM_MIME || type === 'text/*' || type === '*/*';
  });
  if (!ok) throw new RestError(406, `You must accept the "${EVENT_STREAM_MIME}" MIME type.`);
};

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and clients from closing an idle stream. */
  readonly heartbeatMs: number;
  /** A reader that takes longer than this to take one event is dropped. */
  readonly drainTimeoutMs: number;
}

/**
 * A `text/event-stream` answer (server-sent events) written straight to the socket. Writes wait
 * for the socket to drain: a slow reader slows its producer down rather than making this process
 * buffer, and one that stops reading altogether is disconnected after `drainTimeoutMs`.
 */
export class EventStream {
  readonly #raw: FastifyReply['raw'];
  readonly #heartbeat: NodeJS.Timeout;
  readonly #drainTimeoutMs: number;
  readonly #onClose: (() => void)[] = [];
  #closed = false;

  constructor(reply: FastifyReply, options: EventStreamOptions) {
    reply.hijack();
    this.#raw = reply.raw;
    this.#drainTimeoutMs = options.drainTimeoutMs;
    // The headers set so far (CORS) go along: a hijacked reply no longer sends them itself.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = String(value);
    }
    this.#raw.writeHead(200, {
      ...headers,
      'content-type': `${EVENT_STREAM_MIME}; charset=utf-8`,
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx (a Wazo platform's reverse proxy) would otherwise hold events back in its buffer.
      'x-accel-buffering': 'no',
    });
    this.#raw.write(': provd audit events\n\n');
    this.#heartbeat = setInterval(() => void this.comment('heartbeat'), options.heartbeatMs);
    this.#heartbeat.unref();
    this.#raw.once('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs once the stream is closed, by either side. */
  onClose(callback: () => void): void {
    if (this.#closed) callback();
    else this.#onClose.push(callback);
  }

  /** One event; resolves once the socket took it (or the stream is closed). */
  send(id: number, event: string, data: unknown): Promise<void> {
    // JSON has no raw line breaks, and the event name is a type name: nothing can break a frame.
    return this.#write(
      `id: ${id}\nevent: ${event.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(data)}\n\n`,
    );
  }

  comment(text: string): Promise<void> {
    return this.#write(`: ${text.replace(/[\r\n]/g, ' ')}\n\n`);
  }

  /** Ends the answer; the client sees a clean end of stream. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (!this.#raw.writableEnded) this.#raw.end();
    for (const callback of this.#onClose.splice(0)) callback();
  }

  #write(frame: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#raw.write(frame)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#raw.destroy();
        this.close();
      }, this.#drainTimeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#raw.off('drain', done);
        resolve();
      };
      this.#raw.once('drain', done);
      this.onClose(done);
    });
  }
}
