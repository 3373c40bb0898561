import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Fields no log line may carry, wherever they come from: tokens and cookies in request headers,
 * passwords and keys in objects logged whole. The code logs none of them (request logs carry
 * method, URL, status and request id; phone URLs are logged with their URL key redacted); this is
 * the net under a future `log.info({ body })`. fast-redact takes explicit paths, `*` being one level.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-auth-token"]',
  'headers.authorization',
  'headers.cookie',
  ...['password', 'secret', 'serviceKey', 'service_key', 'adminToken', 'admin_token'].flatMap((key) => [
    key,
    `*.${key}`,
  ]),
];

export const REDACTED = '[redacted]';

/** The server's logger: JSON lines on standard output (or `destination`), secrets redacted. */
export const createLogger = (level: string, destination?: DestinationStream): Logger => {
  const options = { level, name: 'provd', redact: { paths: [...REDACTED_PATHS], censor: REDACTED } };
  return destination === undefined ? pino(options) : pino(options, destination);
};
