import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const NGINX = '/usr/sbin/nginx';
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

const which = (command: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const aptInstall = (pkg: string): void => {
  process.stdout.write(`installing ${pkg} with apt-get…\n`);
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    install();
  } catch {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
};

/** Installs wrk (Debian package) if missing. */
export const ensureWrk = (): void => {
  if (!which('wrk')) aptInstall('wrk');
};

/**
 * Installs Debian's nginx if missing, without leaving its service running: policy-rc.d (the
 * Debian mechanism for "do not start daemons during installs") is put in place for the install
 * only, and should the package still have started nginx, that instance is stopped through its
 * own pid file.
 */
export const ensureNginx = (): void => {
  if (existsSync(NGINX)) return;
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) writeFileSync(POLICY_RC_D, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    aptInstall('nginx');
  } finally {
    if (ownPolicy) rmSync(POLICY_RC_D, { force: true });
  }
  if (existsSync('/run/nginx.pid')) {
    const pid = Number(readFileSync('/run/nginx.pid', 'utf8').trim());
    if (pid > 0) {
      process.stdout.write(`stopping the nginx service the package started (pid ${pid})\n`);
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  }
};

/** `nginx -v` and `wrk -v` print their version on stderr / exit non-zero: read both streams. */
export const versionOf = (command: string): string => {
  const result = spawnSync(command === 'nginx' ? NGINX : command, ['-v'], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.split('\n')[0]!.trim();
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

export interface RunningNginx {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * nginx in the foreground (`daemon off`) with a minimal config in `dir`, serving `root` on a
 * loopback port. One worker process: the same single event loop as our Node server.
 */
export const startNginx = async (
  dir: string,
  root: string,
  options: { accessLog: boolean },
): Promise<RunningNginx> => {
  const port = await freePort();
  const temp = join(dir, 'nginx-temp');
  mkdirSync(temp, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  ${options.accessLog ? `access_log ${join(dir, 'nginx-access.log')} combined buffer=64k;` : 'access_log off;'}
  types { text/plain cfg; }
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000000;
  server_tokens off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    add_header Cache-Control no-cache;
    add_header X-Content-Type-Options nosniff;
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-c', conf, '-p', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(url);
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error('nginx did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};
