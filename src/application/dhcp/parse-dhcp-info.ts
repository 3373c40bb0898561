import * as E from 'fp-ts/lib/Either.js';
import type { DhcpRequest } from '../../plugin-runtime/contract.js';

/**
 * The body of `POST /0.2/dev_mgr/dhcpinfo` (provd-spec §1.8 #14), as DHCP server hooks send it:
 * `{"dhcp_info": {"op": "commit", "ip": "10.0.0.5", "mac": "00:15:65:aa:bb:cc",
 * "options": ["060" + dotted hex bytes, …]}}`. Left: the 400 message.
 */
export type DhcpInfo =
  | { readonly kind: 'commit'; readonly request: DhcpRequest }
  | { readonly kind: 'ignored' };

export const parseDhcpInfo = (body: unknown): E.Either<string, DhcpInfo> => {
  const info = isObject(body) && isObject(body.dhcp_info) ? body.dhcp_info : undefined;
  if (info === undefined) return E.left('missing "dhcp_info" object');
  if (typeof info.op !== 'string') return E.left('missing "op" key');
  if (typeof info.ip !== 'string') return E.left('missing "ip" key');
  const ip = normalizeIpv4(info.ip);
  if (ip === undefined) return E.left(`invalid IP address ${info.ip}`);
  if (info.op === 'expiry' || info.op === 'release') return E.right({ kind: 'ignored' });
  if (info.op !== 'commit') return E.left('invalid operation value');
  if (typeof info.mac !== 'string') return E.left('missing "mac" key');
  const mac = normalizeMac(info.mac);
  if (mac === undefined) return E.left(`invalid MAC address ${info.mac}`);
  if (!Array.isArray(info.options)) return E.left('missing "options" key');
  const options: Record<number, string> = {};
  for (const raw of info.options) {
    const option = typeof raw === 'string' ? decodeOption(raw) : undefined;
    if (option === undefined) return E.left(`invalid option ${JSON.stringify(raw)}`);
    options[option.code] = option.value;
  }
  return E.right({ kind: 'commit', request: { protocol: 'dhcp', clientIp: ip, mac, options } });
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * IPv4 in the permissive forms inet_aton accepts (`10.1` is 10.0.0.1, `10.1.2` is 10.1.0.2),
 * decimal parts only, normalized to a dotted quad.
 */
export const normalizeIpv4 = (text: string): string | undefined => {
  const parts = text.trim().split('.');
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => !/^\d{1,10}$/.test(p))) return undefined;
  const numbers = parts.map(Number);
  const last = numbers.pop()!;
  const lastBytes = 4 - numbers.length;
  if (numbers.some((n) => n > 255) || last >= 2 ** (8 * lastBytes)) return undefined;
  const tail: number[] = [];
  for (let i = lastBytes - 1; i >= 0; i--) tail.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return [...numbers, ...tail].join('.');
};

/** `:` or `-` separated (1–2 hex digits a group) or 12 bare hex digits, any case. */
export const normalizeMac = (text: string): string | undefined => {
  const trimmed = text.trim();
  const groups = /^[0-9a-f]{12}$/i.test(trimmed) ? trimmed.match(/../g)! : trimmed.split(/[:-]/);
  if (groups.length !== 6 || groups.some((g) => !/^[0-9a-f]{1,2}$/i.test(g))) return undefined;
  return groups.map((g) => g.toLowerCase().padStart(2, '0')).join(':');
};

/** `060` + `41.61.73.74.72.61` → {60: "Aastra"}: three decimal digits, then dotted hex bytes. */
export const decodeOption = (raw: string): { code: number; value: string } | undefined => {
  const match = /^(\d{3})((?:[0-9a-f]{1,2}(?:\.[0-9a-f]{1,2})*)?)$/i.exec(raw);
  if (match === null) return undefined;
  const code = Number(match[1]);
  if (code > 255) return undefined;
  const bytes = match[2] === '' ? [] : match[2]!.split('.').map((h) => Number.parseInt(h, 16));
  return { code, value: Buffer.from(bytes).toString('latin1') };
};
