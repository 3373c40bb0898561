import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** A repository served over real HTTP on loopback, recording what was asked. */
export interface RepositoryServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/repo/`. */
  readonly url: string;
  /** Request paths, in order. */
  readonly requests: string[];
  /**
   * Sends the first `bytes` of `name` and waits for `release` before sending the rest, so a
   * test can watch a download in progress.
   */
  hold(name: string, bytes: number, release: Promise<void>): void;
  close(): Promise<void>;
}

const PREFIX = '/repo/';

export const serveRepository = async (root: string): Promise<RepositoryServer> => {
  const requests: string[] = [];
  const holds = new Map<string, { bytes: number; release: Promise<void> }>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const name = path.startsWith(PREFIX) ? normalize(path.slice(PREFIX.length)) : '..';
    if (name.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(root, name)).then(
      async (body) => {
        res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
        const held = holds.get(name);
        if (held === undefined) {
          res.end(body);
          return;
        }
        res.write(body.subarray(0, held.bytes));
        await held.release;
        res.end(body.subarray(held.bytes));
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PREFIX}`,
    requests,
    hold: (name, bytes, release) => holds.set(name, { bytes, release }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
