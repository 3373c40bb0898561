import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import {
  buildPhoneHttpApp,
  type PhoneHttpOptions,
  type PhoneHttpOutcome,
  type PhoneHttpRequest,
  type PhoneHttpResolution,
} from '../../src/adapters/phone-http/phone-http-app.js';

export interface PhoneServer {
  readonly app: FastifyInstance;
  readonly port: number;
  readonly base: string;
  /** Every request the resolver saw. */
  readonly calls: PhoneHttpRequest[];
  readonly outcomes: PhoneHttpOutcome[];
  /** Raw pino output, one JSON line per entry, at level trace. */
  readonly logs: string[];
  close(): Promise<void>;
}

export const bytes = (text: string, etag = '"v1"', lastModified = new Date('2030-01-02T03:04:05Z')) =>
  ({ kind: 'bytes', body: new TextEncoder().encode(text), etag, lastModified }) as const;

/** A resolver serving `files` by path; anything else is not found. */
export const mapResolver =
  (files: ReadonlyMap<string, PhoneHttpResolution>) =>
  async (req: PhoneHttpRequest): Promise<PhoneHttpResolution> =>
    files.get(req.path) ?? { kind: 'not-found', reason: `no file ${req.path}` };

export const startPhoneServer = async (
  options: Partial<Omit<PhoneHttpOptions, 'logger'>> & {
    files?: ReadonlyMap<string, PhoneHttpResolution>;
    /** Where to listen; the base URL always uses 127.0.0.1. */
    host?: string;
  } = {},
): Promise<PhoneServer> => {
  const { files, host, ...appOptions } = options;
  const logs: string[] = [];
  const calls: PhoneHttpRequest[] = [];
  const outcomes: PhoneHttpOutcome[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const resolve = appOptions.resolve ?? mapResolver(files ?? new Map());
  const app = buildPhoneHttpApp({
    trustedProxies: 0,
    ...appOptions,
    logger: pino({ level: 'trace' }, sink),
    resolve: async (req) => {
      calls.push(req);
      return resolve(req);
    },
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  await app.listen({ port: 0, host: host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    app,
    port: address.port,
    base: `http://127.0.0.1:${address.port}`,
    calls,
    outcomes,
    logs,
    close: () => app.close(),
  };
};

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** node:http with the path sent exactly as given (fetch would normalise `..` and `%2e`). */
export const rawGet = (
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });

/**
 * Bytes on a socket, for what node:http refuses to send; resolves with everything read once the
 * server closes the connection (or after `timeoutMs`, with whatever came).
 */
export const rawSocket = (port: number, text: string | Buffer, timeoutMs = 5000): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });

export const statusOf = (response: string): number => Number(response.split(' ')[1]);
