import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkResult {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  /** Non-2xx/3xx answers and socket errors: must be 0 for a run to count. */
  readonly errors: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

const toMs = (value: string, unit: string): number => Number(value) * (UNIT_MS[unit] ?? Number.NaN);

/** Parses `wrk --latency` output (wrk 4.x). */
export const parseWrk = (output: string): WrkResult => {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  if (!rps || !p99) throw new Error(`unexpected wrk output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requestsPerSecond: Number(rps[1]),
    p99Ms: toMs(p99[1]!, p99[2]!),
    errors: Number(non2xx?.[1] ?? 0) + socketErrors,
  };
};

/**
 * One wrk run: one thread (the other core is the server's), `connections` keep-alive connections,
 * fixed duration. wrk is a C client, so the load generator takes as little CPU as possible away
 * from the server under test.
 */
export const wrk = async (url: string, connections: number, seconds: number): Promise<WrkResult> => {
  const { stdout } = await run(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency', url],
    { timeout: (seconds + 30) * 1000 },
  );
  return parseWrk(stdout);
};
