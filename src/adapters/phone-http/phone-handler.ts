import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { type ClientIpFallback, clientIpFrom } from './client-ip.js';
import { contentTypeFor } from './content-type.js';
import { decodeRequestTarget, toResolverPath } from './safe-path.js';
import { notFound, type Served, serveBytes, serveFile, TEXT_PLAIN } from './serve.js';
import type { PhoneHttpOptions, PhoneHttpRequest, PhoneHttpResolution } from './types.js';
import { applyUrlKeyGate, redactPath } from './url-key.js';

/** Sent on every answer: phones must revalidate (configs change), browsers must not sniff. */
const COMMON_HEADERS = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } as const;
/** Headers that describe a representation, removed when an answer turns into a 500 midway. */
const REPRESENTATION_HEADERS = ['etag', 'last-modified', 'accept-ranges', 'content-range', 'content-length'];
/** How often the "X-Forwarded-For unusable" warning may be logged: a misconfigured proxy would
 * otherwise produce one line per request during a boot storm. */
const FALLBACK_WARNING_INTERVAL_MS = 60_000;
const LEVELS: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/** How a request was answered, as logged. */
interface Answer extends Served {
  tenant?: string;
  /** Refused as unsafe or with a bad URL key: logged at warn, it may be a probe. */
  suspicious?: boolean;
}

/** A failure with the reason to log; `cause` is what was thrown. */
class ServeFailure extends Error {
  constructor(
    readonly reason: string,
    override readonly cause: unknown,
  ) {
    super(reason);
  }
}

const headerOf = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

const plainHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headerOf(headers, name);
    if (value !== undefined) result[name] = value;
  }
  return result;
};

/** Phones send no body with GET; one is refused so framing tricks (smuggling) go nowhere. */
const hasBody = (raw: IncomingMessage): boolean => {
  const length = raw.headers['content-length'];
  return raw.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
};

const refuse = (reply: FastifyReply, status: number, body: string, reason: string): Answer => {
  reply.code(status).type(TEXT_PLAIN).send(body);
  return { status, bytes: 0, reason };
};

const suspicious = (answer: Answer): Answer => {
  answer.suspicious = true;
  return answer;
};

/**
 * The per-request handler: normalise, ask the resolver, serve its answer. It never rejects:
 * every failure becomes an answer, a log line and an outcome.
 */
export const makePhoneHandler = (options: PhoneHttpOptions) => {
  const lookup = options.urlKey ? (key: string) => options.urlKey?.lookup(key) : undefined;
  let lastFallbackWarning = Number.NEGATIVE_INFINITY;
  let suppressedWarnings = 0;

  const warnFallback = (log: FastifyBaseLogger, fallback: ClientIpFallback, peer: string): void => {
    const now = Date.now();
    if (now - lastFallbackWarning < FALLBACK_WARNING_INTERVAL_MS) {
      suppressedWarnings++;
      return;
    }
    log.warn(
      { fallback, peer, trustedProxies: options.trustedProxies, suppressed: suppressedWarnings },
      'X-Forwarded-For unusable although trusted proxies are configured: using the TCP peer address',
    );
    lastFallbackWarning = now;
    suppressedWarnings = 0;
  };

  const answer = async (raw: IncomingMessage, reply: FastifyReply, clientIp: string): Promise<Answer> => {
    const method = raw.method;
    if (method !== 'GET' && method !== 'HEAD') {
      reply.header('allow', 'GET, HEAD').header('connection', 'close');
      return refuse(reply, 405, 'Method not allowed', 'method not allowed');
    }
    if (hasBody(raw)) {
      reply.header('connection', 'close');
      return refuse(reply, 400, 'Bad request', 'request body on GET or HEAD');
    }
    const decoded = decodeRequestTarget(raw.url ?? '');
    if (!decoded.ok) {
      return suspicious(
        decoded.status === 414
          ? refuse(reply, 414, 'URI too long', decoded.reason)
          : notFound(reply, decoded.reason),
      );
    }
    let segments = decoded.segments;
    let urlKey: PhoneHttpRequest['urlKey'];
    if (lookup) {
      const gate = applyUrlKeyGate(segments, lookup);
      if (!gate.ok) return suspicious(notFound(reply, gate.reason));
      segments = gate.segments;
      urlKey = gate.urlKey;
    }
    const target = toResolverPath(segments);
    if (!target.ok) return suspicious(notFound(reply, target.reason));

    const request: PhoneHttpRequest = {
      path: target.path,
      filename: target.filename,
      clientIp,
      headers: plainHeaders(raw.headers),
      ...(urlKey ? { urlKey } : {}),
    };
    let resolution: PhoneHttpResolution;
    try {
      resolution = await options.resolve(request);
    } catch (err) {
      throw new ServeFailure('resolver threw', err);
    }
    // Node joins repeated headers into one string (set-cookie aside), so these are strings.
    const ctx = { reply, method, headers: raw.headers } as const;
    let served: Answer;
    switch (resolution.kind) {
      case 'not-found':
        served = notFound(reply, resolution.reason);
        break;
      case 'bytes':
        served = serveBytes(
          ctx,
          resolution.body,
          resolution,
          resolution.contentType ?? contentTypeFor(target.filename),
        );
        break;
      case 'file':
        try {
          served = await serveFile(
            ctx,
            resolution.path,
            resolution.contentType ?? contentTypeFor(target.filename),
          );
        } catch (err) {
          throw new ServeFailure('file could not be read', err);
        }
    }
    if (urlKey) served.tenant = urlKey.tenantUuid;
    return served;
  };

  const report = (log: FastifyBaseLogger, served: Served): void => {
    if (!options.onOutcome) return;
    try {
      options.onOutcome(
        served.reason === undefined
          ? { status: served.status, bytes: served.bytes }
          : { status: served.status, bytes: served.bytes, reason: served.reason },
      );
    } catch (err) {
      log.error({ err }, 'phone HTTP outcome hook failed');
    }
  };

  /** One line per request. The path is redacted: with the gate on, the raw URL holds the key. */
  const logAnswer = (
    request: FastifyRequest,
    clientIp: string,
    served: Answer,
    failure: ServeFailure | undefined,
  ): void => {
    const log = request.log;
    // Files served are the bulk of a boot storm: logged at debug (at info they cost a third of the
    // throughput). Misses keep their reason at info, refusals of suspicious requests at warn.
    const level = failure ? 'error' : served.suspicious ? 'warn' : served.status >= 400 ? 'info' : 'debug';
    // Skipped when the level is off: building the line (redaction included) is not free.
    if ((LEVELS[log.level] ?? 0) > (LEVELS[level] ?? 0)) return;
    const raw = request.raw;
    const line = {
      ip: clientIp,
      method: raw.method,
      path: redactPath(raw.url ?? '', lookup),
      ua: headerOf(raw.headers, 'user-agent')?.slice(0, 200),
      status: served.status,
      bytes: served.bytes,
      ...(served.reason !== undefined ? { reason: served.reason } : {}),
      ...(served.tenant !== undefined ? { tenant: served.tenant } : {}),
      ...(failure ? { err: failure.cause } : {}),
    };
    if (level === 'error') log.error(line, 'phone request failed');
    else if (level === 'warn') log.warn(line, 'phone request refused');
    else if (level === 'info') log.info(line, 'phone request not served');
    else log.debug(line, 'phone request');
  };

  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const raw = request.raw;
    const client = clientIpFrom(
      headerOf(raw.headers, 'x-forwarded-for'),
      raw.socket.remoteAddress,
      options.trustedProxies,
    );
    if (client.fallback) warnFallback(request.log, client.fallback, client.ip);
    reply.headers(COMMON_HEADERS);
    let served: Answer;
    let failure: ServeFailure | undefined;
    try {
      served = await answer(raw, reply, client.ip);
    } catch (err) {
      failure = err instanceof ServeFailure ? err : new ServeFailure('internal error', err);
      for (const name of REPRESENTATION_HEADERS) reply.removeHeader(name);
      served = refuse(reply, 500, 'Internal error', failure.reason);
    }
    logAnswer(request, client.ip, served, failure);
    report(request.log, served);
    return reply;
  };
};
