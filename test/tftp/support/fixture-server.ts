/** A TftpServer on loopback serving a directory, with every resolver call and event recorded. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TftpServer } from '../../../src/adapters/tftp/server.js';
import type { TftpEvent, TftpReadRequest, TftpServerOptions } from '../../../src/adapters/tftp/types.js';

export interface FixtureServer {
  readonly server: TftpServer;
  readonly port: number;
  /** Every request the resolver saw, in order. */
  readonly resolved: TftpReadRequest[];
  readonly events: TftpEvent[];
  eventsOf<T extends TftpEvent['type']>(type: T): Extract<TftpEvent, { type: T }>[];
  close(): Promise<void>;
}

export interface FixtureOptions extends Partial<Omit<TftpServerOptions, 'resolve'>> {
  /** Served from memory (`buffer` content) instead of the directory. */
  readonly generated?: Readonly<Record<string, Uint8Array>>;
  /** Replaces the directory resolver. */
  readonly resolve?: TftpServerOptions['resolve'];
}

export const startFixtureServer = async (
  root: string,
  options: FixtureOptions = {},
): Promise<FixtureServer> => {
  const resolved: TftpReadRequest[] = [];
  const events: TftpEvent[] = [];
  const { generated = {}, resolve, ...rest } = options;
  const server = new TftpServer({
    host: '127.0.0.1',
    port: 0,
    ...rest,
    onEvent: (event) => {
      events.push(event);
      rest.onEvent?.(event);
    },
    resolve: async (request) => {
      resolved.push(request);
      if (resolve) return resolve(request);
      const data = generated[request.filename];
      if (data) return { kind: 'buffer', data };
      const path = join(root, request.filename);
      try {
        const info = await stat(path);
        if (info.isFile()) return { kind: 'file', path, size: info.size };
      } catch {
        // fall through to not-found
      }
      return { kind: 'not-found', reason: `no ${request.filename} under the fixture root` };
    },
  });
  const { port } = await server.listen();
  return {
    server,
    port,
    resolved,
    events,
    eventsOf: <T extends TftpEvent['type']>(type: T) =>
      events.filter((e): e is Extract<TftpEvent, { type: T }> => e.type === type),
    close: () => server.close(),
  };
};
