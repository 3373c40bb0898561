import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const main = join(repositoryRoot, 'src', 'main.ts');

/** The bootstrap admin token of the servers these tests start (PROVD_ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'reliability-admin-token-0123456789abcdef';

export interface ProvdChild {
  readonly child: ChildProcess;
  readonly restUrl: string;
  readonly httpUrl: string;
  /** Everything written on standard output and error so far (pino's JSON lines). */
  output(): string;
  /** The lines of the log whose message is `msg`, parsed. */
  logged(msg: string): Record<string, unknown>[];
  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface ProvdChildOptions {
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Largest file the process may write (RLIMIT_FSIZE), in 512-byte blocks: a disk that fills up. */
  readonly fileBlocks?: number;
  /** Run as this user (root ignores file permissions; tests of an unwritable directory need another). */
  readonly uid?: number;
  readonly gid?: number;
}

/** `provd` (the server) in its own process, TypeScript through tsx, every listener on loopback. */
export const spawnProvd = (options: ProvdChildOptions): ChildProcess => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PROVD_')),
  );
  const node = [process.execPath, '--import', 'tsx', main];
  // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG as on a full disk.
  const [command, ...args] =
    options.fileBlocks === undefined
      ? node
      : ['sh', '-c', `ulimit -f ${options.fileBlocks} && exec "$@"`, 'sh', ...node];
  return spawn(command!, args, {
    cwd: repositoryRoot,
    env: {
      ...inherited,
      PROVD_DATA_DIR: options.dataDir,
      PROVD_REST_HOST: '127.0.0.1',
      PROVD_REST_PORT: '0',
      PROVD_HTTP_HOST: '127.0.0.1',
      PROVD_HTTP_PORT: '0',
      PROVD_HTTP_TRUSTED_PROXIES: '1',
      PROVD_TFTP_HOST: '127.0.0.1',
      PROVD_TFTP_PORT: '0',
      PROVD_LOG_LEVEL: 'info',
      PROVD_ADMIN_TOKEN: ADMIN_TOKEN,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
};

/** Starts provd and resolves once it logged `provd started` (with its addresses). */
export const startProvd = (options: ProvdChildOptions, timeoutMs = 20_000): Promise<ProvdChild> =>
  new Promise((resolve, reject) => {
    const child = spawnProvd(options);
    let output = '';
    const lines = (): Record<string, unknown>[] =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logged = (msg: string) => lines().filter((line) => line.msg === msg);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`provd did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const started = logged('provd started')[0];
      if (started === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.on('data', (more: Buffer) => {
        output += more.toString();
      });
      resolve({
        child,
        restUrl: String(started.rest),
        httpUrl: String(started.http),
        output: () => output,
        logged,
        kill9: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`provd exited (${code ?? signal}) before it started:\n${output}`));
    });
  });

/** Runs provd to its end (a start expected to fail): exit code and output. */
export const runProvdToExit = (
  options: ProvdChildOptions,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawnProvd(options);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`provd still runs after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
