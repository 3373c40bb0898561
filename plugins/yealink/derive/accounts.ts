import type { JsonObject } from '../../../src/domain/shared/json.js';
import type { KnownModel } from '../models.js';
import { numbered, text, truthy } from './raw.js';

export interface Server {
  readonly address: string;
  readonly port: string;
}

export interface EnabledAccount {
  readonly number: number;
  readonly enabled: true;
  readonly label: string;
  readonly displayName: string;
  readonly authName: string;
  readonly userName: string;
  readonly password: string;
  readonly server: Server;
  readonly backup?: Server;
  readonly outboundProxy?: Server;
  /** `account.N.sip_server.M.transport_type`. */
  readonly transport: string;
  /** `account.N.dtmf.type`; undefined leaves the phone's default. */
  readonly dtmf?: string;
  /** `account.N.srtp_encryption`. */
  readonly srtp: string;
  readonly subscribeMwi: boolean;
  readonly voicemail?: string;
}

/** An account slot with no SIP line: reset, so a removed line does not linger on the phone. */
export interface DisabledAccount {
  readonly number: number;
  readonly enabled: false;
}

export type Account = EnabledAccount | DisabledAccount;

// Yealink's codes (plugins.md §4.2).
const TRANSPORTS: { readonly [transport: string]: string } = { udp: '0', tcp: '1', tls: '2' };
const DTMF_TYPES: { readonly [mode: string]: string } = {
  'RTP-in-band': '0',
  'RTP-out-of-band': '1',
  'SIP-INFO': '2',
};
const SRTP_MODES: { readonly [mode: string]: string } = { disabled: '0', preferred: '1', required: '2' };
const DEFAULT_SIP_PORT = '5060';

const server = (ip: string | undefined, port: string | undefined): Server | undefined =>
  ip === undefined ? undefined : { address: ip, port: port ?? DEFAULT_SIP_PORT };

/** A line's own value, else the config-wide `sip_<key>`. */
const lineOrGlobal = (line: JsonObject, raw: JsonObject, key: string): string | undefined =>
  text(line[key]) ?? text(raw[`sip_${key}`]);

const enabledAccount = (number: number, line: JsonObject, raw: JsonObject): EnabledAccount => {
  const userName = text(line.username) ?? '';
  return {
    number,
    enabled: true,
    label: text(line.number) ?? text(line.display_name) ?? userName,
    displayName: text(line.display_name) ?? '',
    authName: text(line.auth_username) ?? userName,
    userName,
    password: text(line.password) ?? '',
    server: server(lineOrGlobal(line, raw, 'proxy_ip'), lineOrGlobal(line, raw, 'proxy_port')) ?? {
      address: '',
      port: DEFAULT_SIP_PORT,
    },
    backup: server(lineOrGlobal(line, raw, 'backup_proxy_ip'), lineOrGlobal(line, raw, 'backup_proxy_port')),
    outboundProxy: server(
      lineOrGlobal(line, raw, 'outbound_proxy_ip'),
      lineOrGlobal(line, raw, 'outbound_proxy_port'),
    ),
    transport: TRANSPORTS[text(raw.sip_transport) ?? 'udp'] ?? '0',
    dtmf: DTMF_TYPES[lineOrGlobal(line, raw, 'dtmf_mode') ?? ''],
    srtp: SRTP_MODES[lineOrGlobal(line, raw, 'srtp_mode') ?? 'disabled'] ?? '0',
    subscribeMwi: truthy(raw.sip_subscribe_mwi),
    voicemail: text(line.voicemail) ?? text(raw.exten_voicemail),
  };
};

/**
 * `XX_accounts`: one entry per account of a known model (lines beyond its count are dropped,
 * unused slots are reset); for an unknown model, the configured lines only.
 */
export const deriveAccounts = (raw: JsonObject, model: KnownModel | undefined): Account[] => {
  const lines = new Map(numbered(raw.sip_lines));
  if (model === undefined) {
    return [...lines].filter(([n]) => n >= 1).map(([n, line]) => enabledAccount(n, line, raw));
  }
  return Array.from({ length: model.spec.accounts }, (_, i): Account => {
    const line = lines.get(i + 1);
    return line === undefined ? { number: i + 1, enabled: false } : enabledAccount(i + 1, line, raw);
  });
};
