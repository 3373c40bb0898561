/**
 * npm run bench:tftp — 1 MiB downloads over loopback, our server against Debian's tftpd-hpa
 * (in.tftpd), the same client for both, side by side in one run. Each figure is the median of
 * RUNS timed downloads (after one warm-up each) and includes the client's process start, which
 * understates fast cases on both sides alike. Goal: ours ≥ 0.8× in.tftpd.
 *
 * Installs tftpd-hpa with apt-get when in.tftpd is missing (root), and makes sure the packaged
 * service is not left running; in.tftpd runs here as a foreground child on a high port and is
 * stopped at the end, as is our server (also a child process, so neither shares the driver's loop).
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../store/stats.js';

const RUNS = 5;
const SIZE = 1024 * 1024;
const PARALLEL = 20;
const CLIENT_TIMEOUT_MS = 30_000;
const IN_TFTPD = '/usr/sbin/in.tftpd';

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const ensureTftpdHpa = (): boolean => {
  if (has(IN_TFTPD)) return true;
  if (process.getuid?.() !== 0) {
    process.stdout.write('in.tftpd missing and not root: cannot apt-get install tftpd-hpa\n');
    return false;
  }
  process.stdout.write('installing tftpd-hpa (apt-get)...\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let installed =
    spawnSync('apt-get', ['install', '-y', '-qq', 'tftpd-hpa'], { stdio: 'ignore', env }).status === 0;
  if (!installed) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    installed =
      spawnSync('apt-get', ['install', '-y', '-qq', 'tftpd-hpa'], { stdio: 'ignore', env }).status === 0;
  }
  // The package may start its own daemon on port 69: stop it and keep it from starting at boot.
  spawnSync('service', ['tftpd-hpa', 'stop'], { stdio: 'ignore' });
  spawnSync('update-rc.d', ['tftpd-hpa', 'disable'], { stdio: 'ignore' });
  spawnSync('systemctl', ['disable', '--now', 'tftpd-hpa'], { stdio: 'ignore' });
  return installed && has(IN_TFTPD);
};

const freeUdpPort = async (): Promise<number> => {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
};

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Server {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
}

const startOurs = async (root: string): Promise<Server> => {
  const script = fileURLToPath(new URL('./server-child.js', import.meta.url));
  const child = spawn(process.execPath, [script, root], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`our server exited (${code})`)));
    child.stdout!.once('data', (line: Buffer) =>
      resolve((JSON.parse(line.toString()) as { port: number }).port),
    );
  });
  return { name: 'ours', port, child };
};

const startInTftpd = async (root: string): Promise<Server> => {
  const port = await freeUdpPort();
  // -L: stay in the foreground; -s: serve (chroot into) root; -a: listen address.
  const child = spawn(IN_TFTPD, ['-L', '-s', root, '-a', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (child.exitCode !== null) throw new Error(`in.tftpd exited (${child.exitCode})`);
  return { name: 'in.tftpd', port, child };
};

const stop = async (server: Server | undefined): Promise<void> => {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
};

interface Client {
  readonly label: string;
  readonly command: string;
  args(port: number, out: string): string[];
}

const CLIENTS: Client[] = [
  {
    label: 'tftp-hpa (512, no options)',
    command: 'tftp',
    args: (port, out) => ['-m', 'binary', '127.0.0.1', String(port), '-c', 'get', 'bench.bin', out],
  },
  {
    label: 'curl (512 + tsize/timeout)',
    command: 'curl',
    args: (port, out) => ['-sS', '-o', out, `tftp://127.0.0.1:${port}/bench.bin`],
  },
  {
    label: 'curl --tftp-blksize 1468',
    command: 'curl',
    args: (port, out) => ['-sS', '--tftp-blksize', '1468', '-o', out, `tftp://127.0.0.1:${port}/bench.bin`],
  },
  {
    label: 'atftp blksize 1468 + windowsize 8',
    command: 'atftp',
    args: (port, out) => [
      '--option',
      'blksize 1468',
      '--option',
      'windowsize 8',
      '-g',
      '-r',
      'bench.bin',
      '-l',
      out,
      '127.0.0.1',
      String(port),
    ],
  },
];

/** Milliseconds for one download, checked byte for byte; throws when the client failed. */
const timeDownload = (client: Client, port: number, out: string, expected: string): Promise<number> =>
  new Promise((resolve, reject) => {
    rmSync(out, { force: true });
    const start = process.hrtime.bigint();
    execFile(
      client.command,
      client.args(port, out),
      { timeout: CLIENT_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (error || /Error/.test(stdout + stderr)) {
          reject(new Error(`${client.label} on port ${port}: ${error?.message ?? stdout + stderr}`));
          return;
        }
        if (digest(out) !== expected) {
          reject(new Error(`${client.label} on port ${port}: downloaded bytes differ`));
          return;
        }
        resolve(ms);
      },
    );
  });

const kibPerSecond = (ms: number): number => SIZE / 1024 / (ms / 1000);

const main = async (): Promise<void> => {
  // The load average says whether other work shared the machine (lock-step figures are sensitive).
  const load = (): string => loadavg()[0]!.toFixed(2);
  process.stdout.write(
    `machine: ${cpus().length} cores, node ${process.version}, load ${load()}; ${RUNS} runs, 1 MiB\n`,
  );
  const haveHpa = ensureTftpdHpa();
  const root = mkdtempSync(join(tmpdir(), 'provd-bench-tftp-'));
  // in.tftpd drops to user tftp after chroot: the directory and file must be world-readable.
  chmodSync(root, 0o755);
  const file = join(root, 'bench.bin');
  writeFileSync(file, randomBytes(SIZE), { mode: 0o644 });
  const expected = digest(file);
  const outDir = mkdtempSync(join(tmpdir(), 'provd-bench-tftp-out-'));
  const servers: Server[] = [];
  try {
    servers.push(await startOurs(root));
    if (haveHpa) servers.push(await startInTftpd(root));
    const rows: string[][] = [];
    for (const client of CLIENTS) {
      if (!has(client.command)) {
        rows.push([client.label, 'client missing', '', '']);
        continue;
      }
      const times = new Map<string, number[]>(servers.map((s) => [s.name, []]));
      for (const server of servers) await timeDownload(client, server.port, join(outDir, 'warm'), expected);
      // Interleaved, so drift on a busy machine hits both servers alike.
      for (let run = 0; run < RUNS; run++) {
        for (const server of servers) {
          times
            .get(server.name)!
            .push(await timeDownload(client, server.port, join(outDir, 'out'), expected));
        }
      }
      const ours = kibPerSecond(median(times.get('ours')!));
      const theirs = haveHpa ? kibPerSecond(median(times.get('in.tftpd')!)) : undefined;
      rows.push([
        client.label,
        ours.toFixed(0),
        theirs === undefined ? 'n/a' : theirs.toFixed(0),
        theirs === undefined ? 'n/a' : `${(ours / theirs).toFixed(2)}×`,
      ]);
    }
    if (has('curl')) {
      // Concurrency: PARALLEL downloads at once, aggregate throughput.
      const parallel = async (server: Server): Promise<number> => {
        const start = process.hrtime.bigint();
        const client = CLIENTS[2]!;
        await Promise.all(
          Array.from({ length: PARALLEL }, (_, i) =>
            timeDownload(client, server.port, join(outDir, `p${i}`), expected),
          ),
        );
        return (PARALLEL * SIZE) / 1024 / (Number(process.hrtime.bigint() - start) / 1e9);
      };
      const agg = new Map<string, number[]>(servers.map((s) => [s.name, []]));
      for (let run = 0; run < 3; run++) {
        for (const server of servers) agg.get(server.name)!.push(await parallel(server));
      }
      const ours = median(agg.get('ours')!);
      const theirs = haveHpa ? median(agg.get('in.tftpd')!) : undefined;
      rows.push([
        `${PARALLEL}× curl 1468 in parallel (aggregate, median of 3)`,
        ours.toFixed(0),
        theirs === undefined ? 'n/a' : theirs.toFixed(0),
        theirs === undefined ? 'n/a' : `${(ours / theirs).toFixed(2)}×`,
      ]);
    }
    const header = ['client', 'ours KiB/s', 'in.tftpd KiB/s', 'ours/in.tftpd'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string =>
      `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
    process.stdout.write(
      `${line(header)}\n|${widths.map((w, i) => (i === 0 ? '-' : '').padEnd(w + 1, '-') + (i === 0 ? '-' : ':')).join('|')}|\n`,
    );
    for (const row of rows) process.stdout.write(`${line(row)}\n`);
    process.stdout.write(`goal: ours ≥ 0.80× in.tftpd (load at the end ${load()})\n`);
  } finally {
    for (const server of servers) await stop(server);
    rmSync(root, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
};

await main();
