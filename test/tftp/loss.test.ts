/**
 * Transfers through 2 % random packet loss in each direction. The test builds its own network:
 * a namespace with one end of a veth pair (10.200.N.2/30), the server on the other end in the root
 * namespace (10.200.N.1), loss from `tc netem` on both ends, or, on kernels without sch_netem, from
 * nftables netdev ingress/egress hooks inside the namespace (an `inet` output rule would not do:
 * the client's sendto() would fail with EPERM instead of the packet being lost). Root only; when
 * anything is missing the tests report themselves skipped with the reason. The namespace and
 * the veth pair are always removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';
import { atftpGet, curlGet, has, tftpHpaGet } from './support/clients.js';
import { type FixtureServer, startFixtureServer } from './support/fixture-server.js';

const NS = `provd-tftp-loss-${process.pid}`;
const HOST_IF = `ptl${process.pid % 10_000_000}a`;
const NS_IF = `ptl${process.pid % 10_000_000}b`;
const SUBNET = 20 + (process.pid % 200);
const SERVER_ADDR = `10.200.${SUBNET}.1`;
const CLIENT_ADDR = `10.200.${SUBNET}.2`;
const LOSS_PERCENT = 2;

const sh = (...args: string[]): string =>
  execFileSync(args[0]!, args.slice(1), { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
const inNs = (...args: string[]): string[] => ['ip', 'netns', 'exec', NS, ...args];
const shInNs = (...args: string[]): string => sh(...inNs(...args));
const describeError = (error: unknown): string =>
  error instanceof Error && 'stderr' in error ? String(error.stderr).trim() || error.message : String(error);

/** Returns how loss was introduced, or throws with the reason the network could not be built. */
const buildNetwork = (): string => {
  sh('ip', 'netns', 'add', NS);
  sh('ip', 'link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
  sh('ip', 'link', 'set', NS_IF, 'netns', NS);
  sh('ip', 'addr', 'add', `${SERVER_ADDR}/30`, 'dev', HOST_IF);
  sh('ip', 'link', 'set', HOST_IF, 'up');
  shInNs('ip', 'addr', 'add', `${CLIENT_ADDR}/30`, 'dev', NS_IF);
  shInNs('ip', 'link', 'set', NS_IF, 'up');
  shInNs('ip', 'link', 'set', 'lo', 'up');
  const reasons: string[] = [];
  if (has('tc')) {
    try {
      sh('tc', 'qdisc', 'add', 'dev', HOST_IF, 'root', 'netem', 'loss', `${LOSS_PERCENT}%`);
      shInNs('tc', 'qdisc', 'add', 'dev', NS_IF, 'root', 'netem', 'loss', `${LOSS_PERCENT}%`);
      return 'tc netem';
    } catch (error) {
      reasons.push(`netem: ${describeError(error)}`);
    }
  } else {
    reasons.push('no tc');
  }
  if (has('nft')) {
    const drop = `numgen random mod 100 < ${LOSS_PERCENT} drop;`;
    try {
      execFileSync('ip', ['netns', 'exec', NS, 'nft', '-f', '-'], {
        input: [
          'table netdev provd_loss {',
          `  chain in { type filter hook ingress device "${NS_IF}" priority 0; ${drop} }`,
          `  chain out { type filter hook egress device "${NS_IF}" priority 0; ${drop} }`,
          '}',
        ].join('\n'),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      return 'nftables netdev ingress+egress';
    } catch (error) {
      reasons.push(`nft: ${describeError(error)}`);
    }
  } else {
    reasons.push('no nft');
  }
  throw new Error(`no way to drop packets (${reasons.join('; ')})`);
};

const removeNetwork = (): void => {
  // Deleting the namespace deletes its veth end, and with it the pair; the second call is a fallback.
  for (const args of [
    ['ip', 'netns', 'del', NS],
    ['ip', 'link', 'del', HOST_IF],
  ]) {
    try {
      sh(...args);
    } catch {
      // already gone
    }
  }
};

let skipReason: string | undefined;
let lossMethod = '';
let dir: TempDir | undefined;
let fx: FixtureServer | undefined;
const ONE_MIB = randomBytes(1024 * 1024);
const QUARTER_MIB = randomBytes(256 * 1024);
const EIGHTH_MIB = randomBytes(128 * 1024);

beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    skipReason = 'needs root (network namespace, veth, qdisc)';
    return;
  }
  if (!has('ip')) {
    skipReason = 'iproute2 (ip) is not installed';
    return;
  }
  try {
    lossMethod = buildNetwork();
  } catch (error) {
    removeNetwork();
    skipReason = `network namespace setup failed: ${describeError(error)}`;
    return;
  }
  dir = await makeTempDir('provd-tftp-loss-');
  await writeFile(join(dir.path, 'one.bin'), ONE_MIB);
  await writeFile(join(dir.path, 'quarter.bin'), QUARTER_MIB);
  await writeFile(join(dir.path, 'eighth.bin'), EIGHTH_MIB);
  // A short first retransmission keeps lossy runs quick; more retries ride out runs of bad luck.
  fx = await startFixtureServer(dir.path, { host: SERVER_ADDR, timeoutMs: 200, retries: 8 });
});

afterAll(async () => {
  await fx?.close();
  removeNetwork();
  await dir?.remove();
});

const local = (name: string): string => join(dir!.path, name);
const options = { prefix: inNs(), timeoutMs: 90_000 };

describe(`${LOSS_PERCENT}% packet loss each way (network namespace)`, () => {
  it('atftp, blksize 1428 + windowsize 8: 1 MiB byte-exact', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (!has('atftp')) return ctx.skip('atftp is not installed');
    ctx.annotate(`loss by ${lossMethod}`);
    const out = local('atftp.bin');
    const r = await atftpGet(
      SERVER_ADDR,
      fx!.port,
      'one.bin',
      out,
      ['blksize 1428', 'windowsize 8'],
      options,
    );
    expect(r.code, r.stderr).toBe(0);
    expect((await readFile(out)).equals(ONE_MIB)).toBe(true);
  }, 100_000);

  // curl always negotiates a retransmission timeout (6 s by default, 1 s with --connect-timeout 5;
  // RFC 2349 has no shorter one) and each loss costs that long: 1 MiB would take half a minute,
  // so curl gets 128 KiB.
  it('curl, blksize 1428, timeout 1 s: 128 KiB byte-exact', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (!has('curl')) return ctx.skip('curl is not installed');
    const out = local('curl.bin');
    const r = await curlGet(
      SERVER_ADDR,
      fx!.port,
      'eighth.bin',
      out,
      ['--tftp-blksize', '1428', '--connect-timeout', '5'],
      options,
    );
    expect(r.code, r.stderr).toBe(0);
    expect((await readFile(out)).equals(EIGHTH_MIB)).toBe(true);
  }, 100_000);

  it('tftp-hpa, 512-byte lock-step: 256 KiB byte-exact', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (!has('tftp')) return ctx.skip('the tftp-hpa client is not installed');
    const out = local('hpa.bin');
    const r = await tftpHpaGet(SERVER_ADDR, fx!.port, 'quarter.bin', out, 'binary', options);
    expect(r.stdout + r.stderr).not.toMatch(/Error|timed out/);
    expect((await readFile(out)).equals(QUARTER_MIB)).toBe(true);
  }, 100_000);

  it('recovered by retransmitting (the loss was real) and left nothing running', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    if (!fx || fx.eventsOf('transfer-completed').length === 0) return ctx.skip('no client ran');
    expect(fx.eventsOf('retransmit').length).toBeGreaterThan(0);
    // A client's last ACK can be lost too: the server then holds that transfer until its retry
    // budget (200 ms doubling, 8 retries) runs out. Nothing may be left running after that.
    const server = fx.server;
    await waitFor(() => server.activeTransfers === 0, 'transfers to end', {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    expect(server.activeTransfers).toBe(0);
  });
});
