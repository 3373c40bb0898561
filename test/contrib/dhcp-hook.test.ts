import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDhcpInfo } from '../../src/application/dhcp/parse-dhcp-info.js';
import { makeTempDir } from '../support/temp-dir.js';
import { sleep, waitFor } from '../support/wait-for.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const HOOK = join(repoRoot, 'contrib/dhcp/provd-dhcp-hook');
const KEA_HOOK = join(repoRoot, 'contrib/dhcp/kea/provd-kea-hook');

const which = (command: string): string | undefined => {
  const found = spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : undefined;
};
const SH = which('sh');
const CURL = which('curl');
// The hooks are POSIX sh scripts that post with curl: without either there is nothing to run.
const noShOrCurl = SH === undefined || CURL === undefined;
const sh = SH ?? '/bin/sh';

/** The PATH the scripts fall back to when started with none (as Kea's run_script does). */
const DEFAULT_PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const MAC = '00:15:65:aa:bb:cc';
const TOKEN = 'tok-5f1c0d7e-SECRET';
const YEALINK_60 = '06059.65.61.6c.69.6e.6b'; // "Yealink"
const PROVD_77 = '07770.72.6f.76.64'; // "provd"

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Recorder {
  readonly url: string;
  readonly requests: Recorded[];
}

/** A provd stand-in on 127.0.0.1:0 that records each request; `hang` never answers. */
const startRecorder = async (mode: 'answer' | 'hang' = 'answer'): Promise<Recorder> => {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (mode === 'answer') {
        res.statusCode = 204;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${port}`, requests };
};

/** A URL nothing listens on: a server's port, closed again. */
const deadUrl = async (): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
};

interface Sandbox {
  readonly dir: string;
  /** Directory put first in PATH: a fake `logger` recording its arguments, maybe a fake `curl`. */
  readonly bin: string;
  readonly canary: string;
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  loggerLines(): Promise<string[]>;
  /** Replaces curl by a script that records its arguments (one a line) and its standard input. */
  fakeCurl(): Promise<{ argv: () => Promise<string[]>; stdin: () => Promise<string>; called: () => boolean }>;
}

const makeSandbox = async (): Promise<Sandbox> => {
  const tmp = await makeTempDir('provd-dhcp-hook-');
  cleanups.push(() => tmp.remove());
  const dir = tmp.path;
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const loggerLog = join(dir, 'logger.log');
  await writeFile(join(bin, 'logger'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${loggerLog}'\n`, { mode: 0o755 });
  return {
    dir,
    bin,
    canary: join(dir, 'pwned'),
    env: (extra = {}) => ({
      PATH: `${bin}:${process.env.PATH ?? DEFAULT_PATH_DIRS.join(':')}`,
      PROVD_HOOK_CONFIG: join(dir, 'absent.conf'),
      ...extra,
    }),
    loggerLines: async () =>
      existsSync(loggerLog) ? (await readFile(loggerLog, 'utf8')).split('\n').filter((l) => l !== '') : [],
    fakeCurl: async () => {
      const argvFile = join(dir, 'curl-argv');
      const stdinFile = join(dir, 'curl-stdin');
      await writeFile(
        join(bin, 'curl'),
        [
          '#!/bin/sh',
          `for a in "$@"; do printf '%s\\n' "$a"; done > '${argvFile}.tmp'`,
          `cat > '${stdinFile}'`,
          `mv '${argvFile}.tmp' '${argvFile}'`,
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      return {
        argv: async () => {
          await waitFor(() => existsSync(argvFile), 'the fake curl to run');
          return (await readFile(argvFile, 'utf8')).split('\n').slice(0, -1);
        },
        stdin: async () => {
          await waitFor(() => existsSync(argvFile), 'the fake curl to run');
          return readFile(stdinFile, 'utf8');
        },
        called: () => existsSync(argvFile) || existsSync(`${argvFile}.tmp`),
      };
    },
  };
};

interface RunResult {
  readonly code: number | null;
  readonly stderr: string;
  readonly ms: number;
}

const runScript = (script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(sh, [script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, ms: Date.now() - started }));
  });

const hook = (args: readonly string[], env: NodeJS.ProcessEnv) => runScript(HOOK, args, env);
const keaHook = (hookPoint: string | undefined, env: NodeJS.ProcessEnv) =>
  runScript(KEA_HOOK, hookPoint === undefined ? [] : [hookPoint], env);

const bodies = (recorder: Recorder): unknown[] => recorder.requests.map((r) => JSON.parse(r.body) as unknown);

const waitForRequests = (recorder: Recorder, count: number) =>
  waitFor(() => recorder.requests.length >= count, `${count} request(s) to provd`);

/** Waits for a syslog line (the fake logger's) matching `pattern`; no line may hold the token. */
const waitForLog = async (box: Sandbox, pattern: RegExp, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = await box.loggerLines();
    if (lines.some((line) => pattern.test(line))) {
      for (const line of lines) expect(line).not.toContain(TOKEN);
      return;
    }
    if (Date.now() > deadline) throw new Error(`no log line matching ${pattern} in ${JSON.stringify(lines)}`);
    await sleep(20);
  }
};

describe('contrib/dhcp scripts', () => {
  it('are executable (ISC dhcpd and Kea run them directly)', async () => {
    await access(HOOK, constants.X_OK);
    await access(KEA_HOOK, constants.X_OK);
  });
});

describe('provd-dhcp-hook (ISC dhcpd execute())', () => {
  it.skipIf(noShOrCurl)('posts a commit with its options as provd dhcp_info JSON', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();

    const result = await hook(
      ['commit', '10.0.0.5', '0:15:65:AA:b:c', YEALINK_60, '', PROVD_77],
      box.env({ PROVD_URL: `${provd.url}/` }),
    );

    expect(result).toMatchObject({ code: 0, stderr: '' });
    await waitForRequests(provd, 1);
    const [request] = provd.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/0.2/dev_mgr/dhcpinfo' });
    expect(request?.headers['content-type']).toBe('application/vnd.proformatique.provd+json');
    expect(request?.headers['x-auth-token']).toBeUndefined();
    const body = JSON.parse(request?.body ?? '') as unknown;
    expect(body).toEqual({
      dhcp_info: { op: 'commit', ip: '10.0.0.5', mac: '00:15:65:aa:0b:0c', options: [YEALINK_60, PROVD_77] },
    });
    expect(parseDhcpInfo(body)).toEqual(
      E.right({
        kind: 'commit',
        request: {
          protocol: 'dhcp',
          clientIp: '10.0.0.5',
          mac: '00:15:65:aa:0b:0c',
          options: { 60: 'Yealink', 77: 'provd' },
        },
      }),
    );
  });

  it.skipIf(noShOrCurl)('posts a commit without options as an empty list', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();

    expect((await hook(['commit', '10.0.0.6', MAC], box.env({ PROVD_URL: provd.url }))).code).toBe(0);

    await waitForRequests(provd, 1);
    expect(bodies(provd)).toEqual([{ dhcp_info: { op: 'commit', ip: '10.0.0.6', mac: MAC, options: [] } }]);
  });

  it.skipIf(noShOrCurl)('posts release and expiry, which provd accepts and ignores', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const env = box.env({ PROVD_URL: provd.url });

    expect((await hook(['release', '10.0.0.5'], env)).code).toBe(0);
    await waitForRequests(provd, 1);
    expect((await hook(['expiry', '10.0.0.5', '00-15-65-AA-BB-CC'], env)).code).toBe(0);
    await waitForRequests(provd, 2);

    expect(bodies(provd)).toEqual([
      { dhcp_info: { op: 'release', ip: '10.0.0.5' } },
      { dhcp_info: { op: 'expiry', ip: '10.0.0.5', mac: MAC } },
    ]);
    for (const body of bodies(provd)) expect(parseDhcpInfo(body)).toEqual(E.right({ kind: 'ignored' }));
  });

  it.skipIf(noShOrCurl)('refuses malformed or hostile arguments and runs nothing with them', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const curl = await box.fakeCurl();
    const touch = `$(touch ${box.canary})`;
    const cases: string[][] = [
      ['commit', '10.0.0.1; rm -rf /', MAC],
      ['commit', touch, MAC],
      ['commit', `\`touch ${box.canary}\``, MAC],
      ['commit', '10.0.0.1\n10.0.0.2', MAC],
      ['commit', '10.0.0.256', MAC],
      ['commit', '10.0.0', MAC],
      ['commit', '10.0.0.1', '00:15:65:aa:bb:cc"'],
      ['commit', '10.0.0.1', "00:15:65:aa:bb:'cc"],
      ['commit', '10.0.0.1', '00:15:65:aa:bb'],
      ['commit', '10.0.0.1', '00:15:65:aa:bb:cc:'],
      ['commit', '10.0.0.1', touch],
      ['commit', '10.0.0.1'],
      ['commit', '10.0.0.1', ''],
      ['commit', '10.0.0.1', MAC, `060${touch}`],
      ['commit', '10.0.0.1', MAC, '06041.41"]}'],
      ['commit', '10.0.0.1', MAC, '060 41'],
      ['commit', '10.0.0.1', MAC, '99941'],
      ['commit', '10.0.0.1', MAC, '060414.41'],
      ['commit; id', '10.0.0.1', MAC],
      [touch, '10.0.0.1', MAC],
      ['commit'],
      [],
    ];

    for (const args of cases) {
      const result = await hook(args, box.env({ PROVD_URL: provd.url }));
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/^provd-dhcp-hook: /);
    }

    await sleep(300);
    expect(curl.called()).toBe(false);
    expect(provd.requests).toEqual([]);
    expect(existsSync(box.canary)).toBe(false);
    expect(await box.loggerLines()).toHaveLength(cases.length);
  });

  it.skipIf(noShOrCurl)('refuses a URL or token that could break out of curl’s config', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const curl = await box.fakeCurl();
    const envs: Array<Record<string, string>> = [
      { PROVD_URL: 'file:///etc/passwd' },
      { PROVD_URL: `${provd.url}/" -o /tmp/x` },
      { PROVD_URL: `${provd.url}\nurl = "http://example.invalid"` },
      { PROVD_URL: provd.url, PROVD_TOKEN: 'abc"\nurl = "http://example.invalid' },
      { PROVD_URL: provd.url, PROVD_TOKEN: `$(touch ${box.canary})` },
    ];

    for (const extra of envs) {
      const result = await hook(['commit', '10.0.0.1', MAC], box.env(extra));
      expect({ extra, code: result.code }).toEqual({ extra, code: 2 });
    }

    await sleep(300);
    expect(curl.called()).toBe(false);
    expect(provd.requests).toEqual([]);
    expect(existsSync(box.canary)).toBe(false);
  });

  it.skipIf(noShOrCurl)('sends the token as X-Auth-Token', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();

    await hook(['commit', '10.0.0.5', MAC], box.env({ PROVD_URL: provd.url, PROVD_TOKEN: TOKEN }));

    await waitForRequests(provd, 1);
    expect(provd.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
  });

  it.skipIf(noShOrCurl)('never puts the token on a command line: curl reads it from stdin', async () => {
    const box = await makeSandbox();
    const curl = await box.fakeCurl();

    const result = await hook(
      ['commit', '10.0.0.5', MAC, YEALINK_60],
      box.env({ PROVD_URL: 'http://127.0.0.1:8666', PROVD_TOKEN: TOKEN }),
    );

    expect(result.code).toBe(0);
    const argv = await curl.argv();
    expect(argv.join('\n')).not.toContain(TOKEN);
    expect(argv[0]).toBe('-q');
    expect(argv).toEqual(expect.arrayContaining(['--config', '-', '--max-time', '3', '--fail']));
    const stdin = await curl.stdin();
    expect(stdin).toContain(`header = "X-Auth-Token: ${TOKEN}"`);
    expect(stdin).toContain('url = "http://127.0.0.1:8666/0.2/dev_mgr/dhcpinfo"');
  });

  it.skipIf(noShOrCurl)('reads the URL and token from the config file without sourcing it', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const conf = join(box.dir, 'dhcp-hook.conf');
    await writeFile(
      conf,
      [
        '# provd DHCP hook',
        `export PROVD_URL="${provd.url}"`,
        `  PROVD_TOKEN='${TOKEN}'\r`,
        `touch ${box.canary}`,
        `OTHER=$(touch ${box.canary})`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );

    const result = await hook(['commit', '10.0.0.5', MAC], { PATH: box.env().PATH, PROVD_HOOK_CONFIG: conf });

    expect(result).toMatchObject({ code: 0, stderr: '' });
    await waitForRequests(provd, 1);
    expect(provd.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
    expect(existsSync(box.canary)).toBe(false);
  });

  it.skipIf(noShOrCurl)(
    'prefers the environment to the config file, and reads PROVD_TOKEN_FILE',
    async () => {
      const box = await makeSandbox();
      const provd = await startRecorder();
      const conf = join(box.dir, 'dhcp-hook.conf');
      const tokenFile = join(box.dir, 'token');
      await writeFile(conf, `PROVD_URL=http://127.0.0.1:9\nPROVD_TOKEN_FILE=${tokenFile}\n`, { mode: 0o600 });
      await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });

      await hook(['commit', '10.0.0.5', MAC], box.env({ PROVD_HOOK_CONFIG: conf, PROVD_URL: provd.url }));

      await waitForRequests(provd, 1);
      expect(provd.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
    },
  );

  it.skipIf(noShOrCurl)('refuses a world-writable config file', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const conf = join(box.dir, 'dhcp-hook.conf');
    await writeFile(conf, `PROVD_URL=${provd.url}\n`);
    await chmod(conf, 0o666);

    const result = await hook(['commit', '10.0.0.5', MAC], box.env({ PROVD_HOOK_CONFIG: conf }));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not world-writable');
    await sleep(300);
    expect(provd.requests).toEqual([]);
  });

  it.skipIf(noShOrCurl)('exits 0 at once when provd is down, and logs the failure', async () => {
    const box = await makeSandbox();

    const result = await hook(['commit', '10.0.0.5', MAC], box.env({ PROVD_URL: await deadUrl() }));

    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(5000);
    await waitForLog(box, /commit 10\.0\.0\.5: POST to .* failed \(curl exit 7\)/);
  });

  it.skipIf(noShOrCurl)(
    'does not wait for a provd that never answers (curl gives up after 3 s)',
    async () => {
      const box = await makeSandbox();
      const provd = await startRecorder('hang');

      const result = await hook(['commit', '10.0.0.5', MAC], box.env({ PROVD_URL: provd.url }));

      expect(result.code).toBe(0);
      expect(result.ms).toBeLessThan(2500); // well under curl's --max-time 3
      await waitForRequests(provd, 1);
      await waitForLog(box, /failed \(curl exit 28\)/, 8000);
    },
  );

  it.skipIf(noShOrCurl)('with PROVD_HOOK_WAIT=1, waits and exits with curl’s status', async () => {
    const box = await makeSandbox();

    const result = await hook(
      ['commit', '10.0.0.5', MAC],
      box.env({ PROVD_URL: await deadUrl(), PROVD_HOOK_WAIT: '1' }),
    );

    expect(result.code).toBe(7);
    expect(result.stderr).toContain('curl: (7)');
  });
});

describe('provd-kea-hook (Kea libdhcp_run_script.so)', () => {
  /** Kea's run_script exports only its own variables: no PATH, no PROVD_*. */
  const keaEnv = (box: Sandbox, provd: Recorder, vars: Record<string, string>) =>
    box.env({ PROVD_URL: provd.url, PROVD_DHCP_HOOK: HOOK, ...vars });

  it.skipIf(noShOrCurl)('turns leases4_committed into one commit per lease', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();

    const result = await keaHook(
      'leases4_committed',
      keaEnv(box, provd, {
        QUERY4_TYPE: 'DHCPREQUEST',
        LEASES4_SIZE: '2',
        LEASES4_AT0_ADDRESS: '10.0.0.5',
        LEASES4_AT0_HWADDR: MAC,
        LEASES4_AT1_ADDRESS: '10.0.0.6',
        LEASES4_AT1_HWADDR: '00:15:65:aa:bb:cd',
        DELETED_LEASES4_SIZE: '0',
      }),
    );

    expect(result).toMatchObject({ code: 0, stderr: '' });
    await waitForRequests(provd, 2);
    const sorted = bodies(provd).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sorted).toEqual([
      { dhcp_info: { op: 'commit', ip: '10.0.0.5', mac: MAC, options: [] } },
      { dhcp_info: { op: 'commit', ip: '10.0.0.6', mac: '00:15:65:aa:bb:cd', options: [] } },
    ]);
  });

  it.skipIf(noShOrCurl)('passes QUERY4_OPTION_60/77 on, should Kea ever export them', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();

    await keaHook(
      'leases4_committed',
      keaEnv(box, provd, {
        LEASES4_SIZE: '1',
        LEASES4_AT0_ADDRESS: '10.0.0.5',
        LEASES4_AT0_HWADDR: MAC,
        QUERY4_OPTION_60: '0x5965616C696E6B',
        QUERY4_OPTION_77: '0x70726F7664',
      }),
    );

    await waitForRequests(provd, 1);
    expect(bodies(provd)).toEqual([
      { dhcp_info: { op: 'commit', ip: '10.0.0.5', mac: MAC, options: [YEALINK_60, PROVD_77] } },
    ]);
  });

  it.skipIf(noShOrCurl)('turns lease4_release and lease4_expire into release and expiry', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const lease = { LEASE4_ADDRESS: '10.0.0.5', LEASE4_HWADDR: MAC, LEASE4_HWADDR_TYPE: '1' };

    await keaHook('lease4_release', keaEnv(box, provd, { QUERY4_TYPE: 'DHCPRELEASE', ...lease }));
    await waitForRequests(provd, 1);
    await keaHook('lease4_expire', keaEnv(box, provd, { REMOVE_LEASE: 'false', ...lease }));
    await waitForRequests(provd, 2);

    expect(bodies(provd)).toEqual([
      { dhcp_info: { op: 'release', ip: '10.0.0.5', mac: MAC } },
      { dhcp_info: { op: 'expiry', ip: '10.0.0.5', mac: MAC } },
    ]);
  });

  it.skipIf(noShOrCurl)('ignores the other hook points', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const lease = { LEASE4_ADDRESS: '10.0.0.5', LEASE4_HWADDR: MAC };

    for (const hookPoint of ['lease4_renew', 'lease4_recover', 'lease4_decline', 'lease6_renew', undefined]) {
      expect((await keaHook(hookPoint, keaEnv(box, provd, lease))).code).toBe(0);
    }

    await sleep(300);
    expect(provd.requests).toEqual([]);
  });

  it.skipIf(noShOrCurl)('refuses hostile lease data, keeps going, and exits 0', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const touch = `$(touch ${box.canary})`;

    const results = [
      await keaHook(
        'leases4_committed',
        keaEnv(box, provd, {
          LEASES4_SIZE: '3',
          LEASES4_AT0_ADDRESS: touch,
          LEASES4_AT0_HWADDR: MAC,
          LEASES4_AT1_ADDRESS: '10.0.0.6',
          LEASES4_AT1_HWADDR: `"; touch ${box.canary}; "`,
          LEASES4_AT2_ADDRESS: '10.0.0.7',
          LEASES4_AT2_HWADDR: MAC,
          QUERY4_OPTION_60: `0x41${touch}`,
        }),
      ),
      await keaHook('leases4_committed', keaEnv(box, provd, { LEASES4_SIZE: `1; touch ${box.canary}` })),
      await keaHook('lease4_release', keaEnv(box, provd, { LEASE4_ADDRESS: touch, LEASE4_HWADDR: MAC })),
    ];

    for (const result of results) expect(result.code).toBe(0);
    await waitForRequests(provd, 1);
    await sleep(300);
    expect(bodies(provd)).toEqual([{ dhcp_info: { op: 'commit', ip: '10.0.0.7', mac: MAC, options: [] } }]);
    expect(existsSync(box.canary)).toBe(false);
  });

  const curlInDefaultPath = CURL !== undefined && DEFAULT_PATH_DIRS.includes(dirname(CURL));
  // Kea gives its script no PATH; the scripts fall back to the usual system directories, which
  // must then hold curl (they do on Debian; a curl elsewhere makes this case meaningless).
  it.skipIf(noShOrCurl || !curlInDefaultPath)('works in Kea’s environment, with no PATH', async () => {
    const box = await makeSandbox();
    const provd = await startRecorder();
    const conf = join(box.dir, 'dhcp-hook.conf');
    await writeFile(conf, `PROVD_URL=${provd.url}\nPROVD_TOKEN=${TOKEN}\n`, { mode: 0o600 });

    const result = await keaHook('leases4_committed', {
      PROVD_HOOK_CONFIG: conf,
      PROVD_DHCP_HOOK: HOOK,
      LEASES4_SIZE: '1',
      LEASES4_AT0_ADDRESS: '10.0.0.5',
      LEASES4_AT0_HWADDR: MAC,
    });

    expect(result.code).toBe(0);
    await waitForRequests(provd, 1);
    expect(provd.requests[0]?.headers['x-auth-token']).toBe(TOKEN);
  });
});
