import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { followOperation } from '../../src/cli/plugin/client/follow-operation.js';
import { ProvdClient } from '../../src/cli/plugin/client/provd-client.js';
import { progressDisplay } from '../../src/cli/shared/progress-display.js';
import { captureIo } from './support/capture-io.js';

/**
 * A server answering monitors as wazo-provd does (a status, no reason), behind a path prefix as
 * on a Wazo platform (`/api/provd`): the client must still find the monitor and delete it.
 */
const standIn = async (statuses: readonly string[]) => {
  const requests: string[] = [];
  let polls = 0;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers['x-auth-token']} ${req.headers.accept}`);
    if (req.method === 'GET') {
      const status = statuses[Math.min(polls++, statuses.length - 1)];
      res.writeHead(200, { 'content-type': 'application/vnd.proformatique.provd+json' });
      res.end(JSON.stringify({ status }));
    } else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    baseUrl: `http://127.0.0.1:${port}/api/provd`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe('following an operation', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('names the failed step when the server does not say why, and deletes the monitor', async () => {
    const server = await standIn([
      'install|progress(download|progress;100/400)',
      'install|fail(download|fail;200/400)',
    ]);
    close = server.close;
    const client = new ProvdClient({ baseUrl: server.baseUrl, token: 'tok' });
    const { io, err } = captureIo();
    const outcome = await followOperation(
      client,
      { status: 201, location: '/0.2/pg_mgr/install/install/7', text: '' },
      io,
      'zero',
    );
    expect(outcome).toEqual({
      state: 'fail',
      status: 'install|fail(download|fail;200/400)',
      reason: 'install › download failed',
      entity: { status: 'install|fail(download|fail;200/400)' },
    });
    expect(err).toEqual([
      'install zero [#####...............] 25% 100/400 B',
      'install zero [##########..........] 50% 200/400 B failed',
    ]);
    const mime = 'application/vnd.proformatique.provd+json';
    expect(server.requests).toEqual([
      `GET /api/provd/0.2/pg_mgr/install/install/7 tok ${mime}`,
      `GET /api/provd/0.2/pg_mgr/install/install/7 tok ${mime}`,
      `DELETE /api/provd/0.2/pg_mgr/install/install/7 tok ${mime}`,
    ]);
  });

  it('refuses a monitor that answers something else than a status', async () => {
    const server = await standIn(['install|bogus']);
    close = server.close;
    const client = new ProvdClient({ baseUrl: server.baseUrl, token: 'tok' });
    await expect(
      followOperation(client, { status: 201, location: '/0.2/x/1', text: '' }, captureIo().io),
    ).rejects.toThrow('the operation monitor answered an unreadable status: install|bogus');
  });
});

describe('the progress display', () => {
  it('pads a shorter line over a longer one on a terminal, and ends the line once', () => {
    const captured = captureIo({ terminal: true });
    const display = progressDisplay(captured.io);
    display.show('download 12.3 kB');
    display.show('download 12.3 kB');
    display.show('done');
    display.end();
    expect(captured.terminalText()).toBe('\rdownload 12.3 kB\rdone            \n');
    expect(captured.err).toEqual([]);
  });

  it('writes one line per change elsewhere', () => {
    const captured = captureIo();
    const display = progressDisplay(captured.io);
    for (const line of ['a', 'a', 'b', 'a']) display.show(line);
    display.end();
    expect(captured.err).toEqual(['a', 'b', 'a']);
    expect(captured.terminalText()).toBe('');
  });
});

describe('the REST client', () => {
  it('does not follow a redirection, which would carry the token elsewhere', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url}`);
      res.writeHead(301, { location: 'https://elsewhere.example/0.2/pg_mgr/install/installed' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new ProvdClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'tok' });
      const refused = client.get('/pg_mgr/install/installed');
      await expect(refused).rejects.toThrow(
        `http://127.0.0.1:${port}/0.2/pg_mgr/install/installed redirects to https://elsewhere.example/0.2/pg_mgr/install/installed (301)`,
      );
      expect(seen).toEqual(['/0.2/pg_mgr/install/installed']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
