import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

/** The built-in backend's bootstrap token given to benchmarked servers (PROVD_ADMIN_TOKEN). */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-not-a-secret-0123456789';

export interface ProvdProcess {
  readonly child: ChildProcess;
  /** Resolves once /0.2/status answers; rejects if provd exits or takes longer than `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real provd in its own process (the compiled server, as `npm start` runs it), on loopback,
 * behind one trusted proxy so a benchmark can give each simulated phone its own address through
 * X-Forwarded-For. BENCH_PROFILE=<dir> writes a CPU profile of the server there.
 */
export const startProvdProcess = (options: {
  readonly dataDir: string;
  readonly restPort: number;
  readonly httpPort: number;
}): ProvdProcess => {
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, MAIN], {
    env: {
      ...process.env,
      PROVD_DATA_DIR: options.dataDir,
      PROVD_REST_PORT: String(options.restPort),
      PROVD_HTTP_HOST: '127.0.0.1',
      PROVD_HTTP_PORT: String(options.httpPort),
      PROVD_HTTP_TRUSTED_PROXIES: '1',
      PROVD_TFTP_HOST: '127.0.0.1',
      PROVD_TFTP_PORT: '0',
      PROVD_ADVERTISED_URL: `http://127.0.0.1:${options.httpPort}`,
      PROVD_LOG_LEVEL: 'warn',
      PROVD_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    child,
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`provd exited with ${child.exitCode}`);
        try {
          const status = await fetch(`http://127.0.0.1:${options.restPort}/0.2/status`, {
            headers: { 'x-auth-token': BENCH_ADMIN_TOKEN },
          });
          if (status.ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`provd did not start in ${timeoutMs / 1000} s`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
};
