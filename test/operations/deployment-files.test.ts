import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { SHUTDOWN_DRAIN_MS } from '../../src/server/graceful-close.js';
import { type RunningServer, startServer } from '../../src/server/start-server.js';
import { FixtureAuth, MULTITENANT_TOKEN } from '../rest/support/fixture-auth.js';
import { serverTestConfig } from '../support/server-test-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

/** contrib/systemd, the Dockerfile and docker-compose.yml against the configuration they drive. */

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

/** Every PROVD_* variable the configuration loader reads. */
const KNOWN = new Set(
  [...read('src/config/load-config.ts').matchAll(/env\.(PROVD_[A-Z_]+)/g)].map((m) => m[1]!),
);

const unit = read('contrib/systemd/provd.service');
const directive = (name: string): string[] =>
  [...unit.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].map((m) => m[1]!.trim());

describe('contrib/systemd/provd.env.example', () => {
  const example = read('contrib/systemd/provd.env.example');
  const lines = [...example.matchAll(/^(#?)(PROVD_[A-Z_]+)=(.*)$/gm)].map(([, hash, name, value]) => ({
    commented: hash === '#',
    name: name!,
    value: value!,
  }));

  it('names only variables provd reads, and all of them', () => {
    expect(KNOWN.size).toBeGreaterThan(25);
    expect(lines.map((l) => l.name).filter((name) => !KNOWN.has(name))).toEqual([]);
    expect([...KNOWN].filter((name) => !lines.some((l) => l.name === name))).toEqual([]);
  });

  it('is a configuration provd accepts as it stands', () => {
    const env = Object.fromEntries(lines.filter((l) => !l.commented).map((l) => [l.name, l.value]));
    expect(loadConfig([], env)).toMatchObject({
      dataDir: '/var/lib/provd',
      metrics: { requireToken: false },
    });
  });
});

describe('README.md', () => {
  it('lists every variable provd reads in its configuration table', () => {
    const readme = read('README.md');
    expect(
      [...KNOWN].filter((name) => !readme.includes(`| \`${name}\``) && !readme.includes(`/ \`${name}\``)),
    ).toEqual([]);
  });
});

describe('contrib/systemd/provd.service', () => {
  it('runs provd as its own user, with port 69 as its only privilege, in a read-only system', () => {
    expect(directive('User')).toEqual(['provd']);
    expect(directive('EnvironmentFile')).toEqual(['/etc/provd/provd.env']);
    expect(directive('AmbientCapabilities')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(directive('CapabilityBoundingSet')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(directive('NoNewPrivileges')).toEqual(['yes']);
    expect(directive('ProtectSystem')).toEqual(['strict']);
    expect(directive('ReadWritePaths')).toEqual(['/var/lib/provd']);
    expect(directive('Restart')).toEqual(['on-failure']);
    expect(directive('ExecStart')[0]).toMatch(/ dist\/src\/main\.js$|\/dist\/src\/main\.js$/);
  });

  it('waits longer for a stop than provd drains', () => {
    const [timeout] = directive('TimeoutStopSec');
    expect(Number.parseInt(timeout ?? '0', 10) * 1000).toBeGreaterThan(SHUTDOWN_DRAIN_MS + 10_000);
  });

  it('passes systemd-analyze verify and scores as well exposed as a hardened service', (context) => {
    const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) context.skip('systemd-analyze is not installed');
    const file = `${root}contrib/systemd/provd.service`;
    const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    // It exits 0 on unknown keys and bad values, only saying so on stderr.
    expect(verify.stderr).toBe('');
    const security = spawnSync('systemd-analyze', ['security', '--offline=yes', file], { encoding: 'utf8' });
    const score = /Overall exposure level for provd\.service: ([\d.]+)/.exec(security.stdout);
    if (score === null)
      context.skip(`systemd-analyze security --offline is not supported: ${security.stderr}`);
    expect(Number(score![1])).toBeLessThan(3);
  });
});

describe('Dockerfile and docker-compose.yml', () => {
  const dockerfile = read('Dockerfile');
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<
      string,
      { environment?: Record<string, unknown>; stop_grace_period?: string; healthcheck?: { test: string[] } }
    >;
  };
  const provd = compose.services.provd!;

  it('set only variables provd reads (and the health check its token)', () => {
    const names = Object.keys(provd.environment ?? {});
    expect(names.filter((name) => !KNOWN.has(name) && name !== 'PROVD_HEALTHCHECK_TOKEN')).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['PROVD_AUTH', 'PROVD_SYNC_MODE', 'PROVD_METRICS_REQUIRE_TOKEN']),
    );
    for (const [name] of dockerfile.matchAll(/\bPROVD_[A-Z_]+/g)) {
      expect(KNOWN.has(name) || name === 'PROVD_HEALTHCHECK_TOKEN', name).toBe(true);
    }
  });

  it('check health with the script the image ships, and give provd time to drain', () => {
    expect(dockerfile).toMatch(
      /^COPY contrib\/docker\/healthcheck\.mjs \.\/contrib\/docker\/healthcheck\.mjs$/m,
    );
    expect(dockerfile).toMatch(/^\s+CMD \["node", "contrib\/docker\/healthcheck\.mjs"\]$/m);
    expect(provd.healthcheck?.test).toEqual(['CMD', 'node', 'contrib/docker/healthcheck.mjs']);
    expect(Number.parseInt(provd.stop_grace_period ?? '0', 10) * 1000).toBeGreaterThan(SHUTDOWN_DRAIN_MS);
  });
});

describe('contrib/docker/healthcheck.mjs', () => {
  const dirs: TempDir[] = [];
  const servers: RunningServer[] = [];
  const start = async (requireToken: boolean): Promise<RunningServer> => {
    const dir = await makeTempDir('provd-health-');
    dirs.push(dir);
    const config = serverTestConfig(dir.path, { metrics: { requireToken } });
    const server = await startServer(config, pino({ level: 'silent' }), { auth: new FixtureAuth() });
    servers.push(server);
    return server;
  };
  let open: RunningServer;
  let guarded: RunningServer;
  beforeAll(async () => {
    open = await start(false);
    guarded = await start(true);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const dir of dirs) await dir.remove();
  });

  const check = (server: RunningServer | undefined, env: Record<string, string> = {}) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      const port = server ? new URL(server.restUrl).port : '9';
      execFile(
        process.execPath,
        [`${root}contrib/docker/healthcheck.mjs`],
        { env: { PATH: process.env.PATH, PROVD_REST_HOST: '0.0.0.0', PROVD_REST_PORT: port, ...env } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });

  it('says healthy when /metrics answers and the projections follow the log', async () => {
    expect(await check(open)).toEqual({ code: 0, stderr: '' });
  });

  it('says unhealthy when nothing listens, when the projections stopped, or without the required token', async () => {
    expect((await check(undefined)).code).toBe(1);
    expect((await check(guarded)).stderr).toMatch(/HTTP 401/);
    expect((await check(guarded, { PROVD_HEALTHCHECK_TOKEN: MULTITENANT_TOKEN })).code).toBe(0);
    await open.runner.stop();
    const stopped = await check(open);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/projections do not follow/);
  });
});
