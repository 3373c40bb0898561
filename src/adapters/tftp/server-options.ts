/** Defaults and validation of TftpServerOptions, so the server works with complete, checked values. */
import { MAX_BLOCK_SIZE, MAX_WINDOW_SIZE, MIN_BLOCK_SIZE } from './options.js';
import type { TftpLogger, TftpServerOptions, TftpUploads } from './types.js';

export const DEFAULTS = {
  host: '::',
  maxBlockSize: 1468,
  maxWindowSize: 16,
  timeoutMs: 1000,
  retries: 5,
  maxTransfers: 256,
  maxTransfersPerClient: 16,
  resolveTimeoutMs: 10_000,
  uploadMaxBytes: 16 * 1024 * 1024,
  closeTimeoutMs: 10_000,
} as const;

export interface ResolvedOptions {
  /** Undefined: the default `::`, with a fall-back to 0.0.0.0 on hosts without IPv6. */
  readonly host: string | undefined;
  readonly port: number;
  readonly resolve: TftpServerOptions['resolve'];
  readonly logger: TftpLogger;
  readonly limits: { readonly maxBlockSize: number; readonly maxWindowSize: number };
  readonly timeoutMs: number;
  readonly retries: number;
  readonly maxTransfers: number;
  readonly maxTransfersPerClient: number;
  readonly resolveTimeoutMs: number;
  readonly caseInsensitive: boolean;
  readonly uploads: TftpUploads | undefined;
  readonly onEvent: TftpServerOptions['onEvent'];
}

const silentLogger: TftpLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const integer = (name: string, value: number, min: number, max: number): number => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`tftp: ${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
};

/** Throws a RangeError naming the first bad option: a misconfiguration should stop start-up. */
export const resolveOptions = (options: TftpServerOptions): ResolvedOptions => {
  const positive = (
    name: 'timeoutMs' | 'retries' | 'maxTransfers' | 'maxTransfersPerClient' | 'resolveTimeoutMs',
  ): number => integer(name, options[name] ?? DEFAULTS[name], 1, Number.MAX_SAFE_INTEGER);
  return {
    host: options.host,
    port: integer('port', options.port, 0, 65535),
    resolve: options.resolve,
    logger: options.logger ?? silentLogger,
    limits: {
      maxBlockSize: integer(
        'maxBlockSize',
        options.maxBlockSize ?? DEFAULTS.maxBlockSize,
        MIN_BLOCK_SIZE,
        MAX_BLOCK_SIZE,
      ),
      maxWindowSize: integer(
        'maxWindowSize',
        options.maxWindowSize ?? DEFAULTS.maxWindowSize,
        1,
        MAX_WINDOW_SIZE,
      ),
    },
    timeoutMs: positive('timeoutMs'),
    retries: positive('retries'),
    maxTransfers: positive('maxTransfers'),
    maxTransfersPerClient: positive('maxTransfersPerClient'),
    resolveTimeoutMs: positive('resolveTimeoutMs'),
    caseInsensitive: options.caseInsensitive ?? false,
    uploads: options.uploads,
    onEvent: options.onEvent,
  };
};
