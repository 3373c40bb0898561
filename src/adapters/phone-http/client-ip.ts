import { isIP } from 'node:net';

/**
 * The phone's address, which the pipeline records on the device and uses to find it again.
 * Behind N trusted reverse proxies each proxy appends the address it received the request from
 * to X-Forwarded-For, so the N-th entry from the right was written by our outermost trusted
 * proxy and cannot be forged by the client; entries further left can.
 */

export type ClientIpFallback = 'missing-header' | 'invalid-entry';

export interface ClientIp {
  readonly ip: string;
  /** Set when X-Forwarded-For was expected but unusable and the TCP peer was used instead. */
  readonly fallback?: ClientIpFallback;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;

/**
 * Canonical text of an address: IPv4-mapped IPv6 (`::ffff:1.2.3.4`, how a dual-stack socket
 * shows IPv4 peers) becomes `1.2.3.4`, so one phone has one address whichever way it came in.
 * Also accepts `[v6]`, `[v6]:port` and `v4:port`, which some proxies write. Undefined when the
 * text is not an address.
 */
export const normaliseIp = (text: string): string | undefined => {
  let ip = text.trim();
  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    if (close === -1) return undefined;
    ip = ip.slice(1, close);
  } else {
    const withPort = IPV4_WITH_PORT.exec(ip);
    if (withPort) ip = withPort[1]!;
  }
  const mapped = MAPPED_IPV4.exec(ip);
  if (mapped) ip = mapped[1]!;
  const family = isIP(ip);
  if (family === 0) return undefined;
  return family === 6 ? ip.toLowerCase() : ip;
};

/**
 * wazo-provd's rule (`http_proxied_trusted_proxies_count`): 0 → the TCP peer; N > 0 → the N-th
 * entry from the right of X-Forwarded-For, or its left-most entry when it has fewer than N.
 * Where wazo-provd answered 500 (header missing), we use the TCP peer and say so in `fallback`,
 * so phones behind a misconfigured proxy still get their files; same for an entry that is not
 * an address.
 */
export const clientIpFrom = (
  forwardedFor: string | undefined,
  peer: string | undefined,
  trustedProxies: number,
): ClientIp => {
  const peerIp = (peer !== undefined ? normaliseIp(peer) : undefined) ?? peer ?? '';
  if (trustedProxies <= 0) return { ip: peerIp };
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return { ip: peerIp, fallback: 'missing-header' };
  const chosen = entries[Math.max(0, entries.length - trustedProxies)]!;
  const ip = normaliseIp(chosen);
  return ip === undefined ? { ip: peerIp, fallback: 'invalid-entry' } : { ip };
};
