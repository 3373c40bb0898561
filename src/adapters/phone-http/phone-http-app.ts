import type { Socket } from 'node:net';
import Fastify, { type ConnectionError, type FastifyInstance, LogController } from 'fastify';
import { makePhoneHandler } from './phone-handler.js';
import { TEXT_PLAIN } from './serve.js';
import type { PhoneHttpOptions, PhoneHttpTimeouts } from './types.js';

export type {
  PhoneHttpOptions,
  PhoneHttpOutcome,
  PhoneHttpRequest,
  PhoneHttpResolution,
  PhoneHttpTimeouts,
} from './types.js';

/**
 * Slowloris and idle-connection bounds. Headers and the whole request must arrive quickly (a GET
 * is a few hundred bytes); the idle timeout is generous because a phone on a slow link may stall
 * for a while during a firmware download; keep-alive spans the few files a phone fetches in a row.
 */
export const DEFAULT_PHONE_HTTP_TIMEOUTS: PhoneHttpTimeouts = {
  headersMs: 10_000,
  requestMs: 15_000,
  idleMs: 60_000,
  keepAliveMs: 5_000,
};

/**
 * Node checks the headers/request timeouts periodically (every 30 s by default, far too coarse
 * for a 10 s limit): a tenth of the headers timeout, at most 1 s.
 */
const timeoutCheckInterval = (headersMs: number): number => Math.max(50, Math.min(1_000, headersMs / 10));

const CLIENT_ERROR_STATUS: Readonly<Record<string, readonly [number, string]>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request header fields too large'],
};

/**
 * The phone-facing HTTP listener, separate from the REST API: phones are unauthenticated and
 * hostile by default, the admin plane is neither. It does no business logic: every request goes
 * through one handler that normalises it, asks `options.resolve`, and serves the answer with
 * HTTP caching semantics (ETag, Last-Modified, conditional requests, single ranges).
 *
 * The request target is parsed by us from the raw URL, never by the router: one catch-all route
 * for every method, the not-found handler and fastify's "bad URL" framework error all lead to
 * the same handler, so no request is answered by fastify's JSON defaults.
 */
export const buildPhoneHttpApp = (options: PhoneHttpOptions): FastifyInstance => {
  if (!Number.isInteger(options.trustedProxies) || options.trustedProxies < 0) {
    throw new RangeError(`trustedProxies must be a non-negative integer, got ${options.trustedProxies}`);
  }
  const timeouts = { ...DEFAULT_PHONE_HTTP_TIMEOUTS, ...options.timeouts };
  const handler = makePhoneHandler(options);
  const logger = options.logger;

  // Malformed requests (bad request line, header overflow, slowloris timeout) never reach a
  // handler. Only the error code is logged: the error carries the raw request bytes, which hold
  // the URL key when the gate is on.
  const clientErrorHandler = (err: ConnectionError, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, text] = CLIENT_ERROR_STATUS[err.code] ?? [400, 'Bad request'];
    logger.debug({ code: err.code, status }, 'malformed or timed out phone request');
    try {
      options.onOutcome?.({ status, reason: `client error ${err.code}`, bytes: 0 });
    } catch (hookErr) {
      logger.error({ err: hookErr }, 'phone HTTP outcome hook failed');
    }
    // A response already under way on this socket cannot be followed by another status line.
    const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !current?.headersSent) {
      socket.write(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: ${TEXT_PLAIN}\r\nContent-Length: ${text.length}\r\n` +
          `Connection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy();
  };

  const app = Fastify({
    loggerInstance: logger,
    // We log one line per request ourselves, with the URL key redacted; fastify's would not be.
    logController: new LogController({ disableRequestLogging: true }),
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeoutCheckInterval(timeouts.headersMs),
      // HTTP/1.1 without Host is tolerated, as wazo-provd did: we do not use Host, and old phone
      // firmwares are not always careful.
      requireHostHeader: false,
    },
    exposeHeadRoutes: false,
    clientErrorHandler,
    frameworkErrors: (_err, request, reply) => {
      void handler(request, reply);
    },
  });

  // Bodies are never read or buffered: the handler refuses requests that carry one.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.route({ method: app.supportedMethods, url: '/*', handler });
  // Methods fastify does not route (PROPFIND…) and non-path targets (`*`) land here.
  app.setNotFoundHandler(handler);
  // A safety net: the handler catches its own errors, so this only sees fastify's.
  app.setErrorHandler((err, request, reply) => {
    request.log.error({ err }, 'phone HTTP internal error');
    reply.code(500).type(TEXT_PLAIN).send('Internal error');
  });
  return app;
};
