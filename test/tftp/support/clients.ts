/**
 * The Debian TFTP clients used as real peers. Each test that needs one skips itself when it is
 * missing (CI installs tftp-hpa, atftp and curl with apt-get; a failed install shows as skips).
 */
import { execFile, spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

export const has = (command: string): boolean => {
  let ok = found.get(command);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
    found.set(command, ok);
  }
  return ok;
};

export interface ClientRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a client to its end; `timeoutMs` kills it so a hung transfer fails the test instead of CI. */
export const run = (
  command: string,
  args: readonly string[],
  { timeoutMs = 30_000, prefix = [] as readonly string[] } = {},
): Promise<ClientRun> => {
  const [file, ...rest] = [...prefix, command, ...args];
  return new Promise((resolve) => {
    execFile(file!, rest, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
};

export interface GetOptions {
  readonly timeoutMs?: number;
  /** Command prefix, e.g. `ip netns exec <ns>`. */
  readonly prefix?: readonly string[];
}

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** tftp-hpa: plain RFC 1350 (no options, 512-byte blocks). Exits 0 even on error: read stdout. */
export const tftpHpaGet = (
  host: string,
  port: number,
  remote: string,
  local: string,
  mode: 'binary' | 'ascii' = 'binary',
  options: GetOptions = {},
): Promise<ClientRun> => run('tftp', ['-m', mode, host, String(port), '-c', 'get', remote, local], options);

export const tftpHpaPut = (
  host: string,
  port: number,
  local: string,
  remote: string,
  mode: 'binary' | 'ascii' = 'binary',
  options: GetOptions = {},
): Promise<ClientRun> => run('tftp', ['-m', mode, host, String(port), '-c', 'put', local, remote], options);

export const atftpGet = (
  host: string,
  port: number,
  remote: string,
  local: string,
  atftpOptions: readonly string[] = [],
  options: GetOptions = {},
): Promise<ClientRun> =>
  run(
    'atftp',
    [...atftpOptions.flatMap((o) => ['--option', o]), '-g', '-r', remote, '-l', local, host, String(port)],
    options,
  );

/** curl exit codes: 68 = TFTP file not found, 69 = TFTP permission problem. */
export const curlGet = (
  host: string,
  port: number,
  remote: string,
  local: string,
  curlOptions: readonly string[] = [],
  options: GetOptions = {},
): Promise<ClientRun> =>
  run('curl', ['-sS', ...curlOptions, '-o', local, `tftp://${hostForUrl(host)}:${port}/${remote}`], options);

export const curlPut = (
  host: string,
  port: number,
  local: string,
  remote: string,
  curlOptions: readonly string[] = [],
  options: GetOptions = {},
): Promise<ClientRun> =>
  run('curl', ['-sS', ...curlOptions, '-T', local, `tftp://${hostForUrl(host)}:${port}/${remote}`], options);
