import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import {
  type ConditionalHeaders,
  evaluatePreconditions,
  fileEtag,
  ifRangeHolds,
  type Validators,
} from './conditional.js';
import { evaluateRange, type RangeDecision } from './range.js';

/** What the handler needs to know about how a representation was answered. */
export interface Served {
  readonly status: number;
  readonly bytes: number;
  readonly reason?: string;
}

export interface ServeContext {
  readonly reply: FastifyReply;
  readonly method: 'GET' | 'HEAD';
  readonly headers: ConditionalHeaders & { readonly range?: string; readonly 'if-range'?: string };
}

interface Representation {
  readonly validators: Validators;
  readonly size: number;
  readonly contentType: string;
  /** The body for bytes start..end inclusive; only called for a GET that sends a body. */
  body(start: number, end: number): Buffer | Readable;
}

const FULL: RangeDecision = { kind: 'full' };
export const TEXT_PLAIN = 'text/plain; charset=utf-8';

/**
 * Last-Modified text, cached per Date object: a cached config keeps its Date for its whole life,
 * so it is formatted once. The time is checked too, as Dates are mutable.
 */
const httpDates = new WeakMap<Date, { readonly time: number; readonly text: string }>();
const httpDate = (date: Date): string => {
  const time = date.getTime();
  const cached = httpDates.get(date);
  if (cached?.time === time) return cached.text;
  const text = date.toUTCString();
  httpDates.set(date, { time, text });
  return text;
};

/**
 * Answers a GET or HEAD for an existing representation: validators, preconditions (304/412),
 * range (206/416), then the body. HEAD gets the same headers as GET and no body; Range is
 * ignored on HEAD, as RFC 9110 §14.2 requires of every method but GET.
 */
const serveRepresentation = (ctx: ServeContext, rep: Representation): Served => {
  const { reply, headers } = ctx;
  reply.header('etag', rep.validators.etag);
  reply.header('last-modified', httpDate(rep.validators.lastModified));
  reply.header('accept-ranges', 'bytes');

  const precondition = evaluatePreconditions(headers, rep.validators);
  if (precondition === 'not-modified') {
    reply.code(304).send();
    return { status: 304, bytes: 0 };
  }
  if (precondition === 'precondition-failed') {
    reply.code(412).type(TEXT_PLAIN).send('Precondition failed');
    return { status: 412, bytes: 0, reason: 'precondition failed' };
  }

  const range =
    ctx.method === 'GET' && headers.range !== undefined && ifRangeHolds(headers['if-range'], rep.validators)
      ? evaluateRange(headers.range, rep.size)
      : FULL;
  if (range.kind === 'unsatisfiable') {
    reply
      .code(416)
      .header('content-range', `bytes */${rep.size}`)
      .type(TEXT_PLAIN)
      .send('Range not satisfiable');
    return { status: 416, bytes: 0, reason: 'range not satisfiable' };
  }
  const [status, start, end] =
    range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, rep.size - 1];
  const length = end - start + 1;
  reply.code(status).type(rep.contentType).header('content-length', length);
  if (status === 206) reply.header('content-range', `bytes ${start}-${end}/${rep.size}`);
  if (ctx.method === 'HEAD') {
    // Fastify keeps an explicit Content-Length on HEAD; no body is produced, no file is read.
    reply.send();
    return { status, bytes: 0 };
  }
  reply.send(length === 0 ? Buffer.alloc(0) : rep.body(start, end));
  return { status, bytes: length };
};

/** A rendered file held in memory (the config cache): no copy, a Buffer view on the bytes. */
export const serveBytes = (
  ctx: ServeContext,
  body: Uint8Array,
  validators: Validators,
  contentType: string,
): Served => {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return serveRepresentation(ctx, {
    validators,
    size: buffer.length,
    contentType,
    body: (start, end) => buffer.subarray(start, end + 1),
  });
};

const isGone = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/**
 * A file on disk, streamed with backpressure (fastify pipes the stream into the response and
 * destroys it if the phone goes away). The file is opened once and everything — size, mtime,
 * the stream — comes from that one descriptor, so a file replaced or deleted after the stat is
 * still served consistently. A file gone before the open is a 404.
 */
export const serveFile = async (ctx: ServeContext, path: string, contentType: string): Promise<Served> => {
  // Confinement is the resolver's job, but a relative path would silently depend on the cwd.
  if (!isAbsolute(path)) throw new Error('file resolutions must carry an absolute path');
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a FIFO planted in the tree must not hang the open; it fails isFile() below.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    if (isGone(err)) return notFound(ctx.reply, 'file vanished before it could be opened');
    throw err;
  }
  let streaming = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return notFound(ctx.reply, 'not a regular file');
    return serveRepresentation(ctx, {
      validators: { etag: fileEtag(stat.size, stat.mtimeMs), lastModified: stat.mtime },
      size: stat.size,
      contentType,
      body: (start, end) => {
        streaming = true;
        // autoClose: the stream closes the descriptor when it ends or is destroyed.
        return handle.createReadStream({ start, end, autoClose: true });
      },
    });
  } finally {
    if (!streaming) await handle.close();
  }
};

/** The one 404 body, whatever the reason: the phone (or a prober) learns nothing from it. */
export const NOT_FOUND_BODY = 'Not found';

export const notFound = (reply: FastifyReply, reason: string): Served => {
  reply.code(404).type(TEXT_PLAIN).send(NOT_FOUND_BODY);
  return { status: 404, bytes: 0, reason };
};
