import { createSocket } from 'node:dgram';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

export const isWildcard = (address: string): boolean => WILDCARDS.has(address);

/**
 * The local address the kernel would send from to reach `ip`: a socket bound to every interface
 * must still name one in its Via and Contact. Connecting a UDP socket picks the route without
 * sending anything.
 */
export const outgoingAddress = (ip: string, port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const probe = createSocket('udp4');
    probe.once('error', (error) => {
      probe.close();
      reject(error);
    });
    probe.connect(port, ip, () => {
      const { address } = probe.address();
      probe.close();
      resolve(address);
    });
  });
