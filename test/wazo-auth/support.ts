import { afterEach } from 'vitest';
import { createWazoAuthBackend, type WazoAuthTuning } from '../../src/adapters/wazo-auth/index.js';
import type { WazoAuthLogger } from '../../src/adapters/wazo-auth/logger.js';
import { type AuthConfig, DEFAULT_CONFIG } from '../../src/config/server-config.js';
import {
  PROVD_SERVICE_ID,
  PROVD_SERVICE_KEY,
  type StandInOptions,
  seedProvdFixture,
  startWazoAuthStandIn,
  type WazoAuthStandIn,
} from '../support/wazo-auth-stand-in.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly details: object;
  readonly message: string;
}

/** A logger that keeps every line, to assert on what was (and was not) logged. */
export const captureLogger = (): WazoAuthLogger & { readonly lines: LogLine[]; text(): string } => {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (details: object, message: string): void => {
      lines.push({ level, details, message });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((line) => JSON.stringify(line)).join('\n'),
  };
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface Setup {
  readonly standIn: WazoAuthStandIn;
  readonly runtime: ReturnType<typeof createWazoAuthBackend>;
  readonly backend: ReturnType<typeof createWazoAuthBackend>['backend'];
  readonly logger: ReturnType<typeof captureLogger>;
}

/**
 * A stand-in seeded with provd-spec §8's fixture and a backend pointed at it, started (first
 * service token obtained) unless `start: false`. Both are closed after the test.
 */
export const setup = async (
  options: {
    readonly config?: Partial<AuthConfig>;
    readonly tuning?: WazoAuthTuning;
    readonly start?: boolean;
    readonly standIn?: StandInOptions;
  } = {},
): Promise<Setup> => {
  const standIn = await startWazoAuthStandIn(options.standIn);
  cleanups.push(() => standIn.close());
  seedProvdFixture(standIn);
  const logger = captureLogger();
  const runtime = createWazoAuthBackend(
    {
      ...DEFAULT_CONFIG.auth,
      backend: 'wazo-auth',
      url: standIn.url,
      serviceId: PROVD_SERVICE_ID,
      serviceKey: PROVD_SERVICE_KEY,
      ...options.config,
    },
    logger,
    { timeoutMs: 1000, retryMinMs: 50, retryMaxMs: 200, ...options.tuning },
  );
  cleanups.push(() => runtime.close());
  if (options.start !== false) await runtime.start();
  return { standIn, runtime, backend: runtime.backend, logger };
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
