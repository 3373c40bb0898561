#!/usr/bin/env node
import { isCliCommandLine } from './cli/command-line.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './server/create-logger.js';
import { SHUTDOWN_DRAIN_MS } from './server/graceful-close.js';

/** Past the drain, the rest of a stop (renderer, runner, store) takes well under a second. */
const SHUTDOWN_DEADLINE_MS = SHUTDOWN_DRAIN_MS + 15_000;

const main = async (): Promise<void> => {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`provd: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Loaded here, not at the top: a CLI command has no use for the server's modules.
  const { startServer } = await import('./server/start-server.js');
  const server = await startServer(config, logger);
  logger.info(
    {
      rest: server.restUrl,
      http: server.httpUrl,
      tftp: server.tftpPort ?? 'off',
      masterTenant: server.masterTenant,
    },
    'provd started',
  );

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      // Ctrl-C twice: the operator does not want to wait for the drain.
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { signal, drainMs: SHUTDOWN_DRAIN_MS },
      'shutting down: no new requests; requests and transfers under way may finish',
    );
    const deadline = setTimeout(() => {
      logger.error({ ms: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.stop().then(
      () => {
        logger.info({ position: server.runner.position() }, 'provd stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
};

const argv = process.argv.slice(2);
if (isCliCommandLine(argv)) {
  // `provd token …` / `provd tenant …`: a short-lived command against the same event store;
  // `provd plugin …`: one against the running server's REST API.
  const { runCli } = await import('./cli/run-cli.js');
  const { processIo } = await import('./cli/shared/cli-io.js');
  process.exitCode = await runCli(argv, process.env, processIo);
} else {
  main().catch((error: unknown) => {
    process.stderr.write(
      `provd: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
