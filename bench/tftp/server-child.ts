/**
 * Our TFTP server in its own process for the benchmark (as in.tftpd is), serving one directory on
 * 127.0.0.1 with default limits. Prints `{"port":N}` once listening; stops on SIGTERM.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TftpServer } from '../../src/adapters/tftp/server.js';

const root = process.argv[2];
if (!root) throw new Error('usage: server-child.js <directory>');

const server = new TftpServer({
  host: '127.0.0.1',
  port: 0,
  // Every benchmark client comes from 127.0.0.1; the default per-address cap (16) would refuse
  // the parallel run's extra downloads, as it should for one real address.
  maxTransfersPerClient: 1000,
  resolve: async ({ filename }) => {
    const path = join(root, filename);
    try {
      const info = await stat(path);
      if (info.isFile()) return { kind: 'file', path, size: info.size };
    } catch {
      // not there
    }
    return { kind: 'not-found', reason: `${filename} is not in ${root}` };
  },
});
const { port } = await server.listen();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
