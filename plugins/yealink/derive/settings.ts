import type { JsonObject } from '../../../src/domain/shared/json.js';
import { text, truthy } from './raw.js';

export interface Vlan {
  readonly id: string;
  readonly priority?: string;
  readonly pcPortId?: string;
}

export interface Syslog {
  readonly server: string;
  readonly port: string;
  /** `static.syslog.level`: the syslog severity number. */
  readonly level: string;
}

export interface Credentials {
  readonly username?: string;
  readonly password: string;
}

const SYSLOG_SEVERITIES: { readonly [level: string]: string } = {
  critical: '2',
  error: '3',
  warning: '4',
  info: '6',
  debug: '7',
};

/** `XX_server_url`: the provisioning URL phones use (`http_base_url`, else `http://ip:http_port`). */
export const deriveServerUrl = (raw: JsonObject): string | undefined =>
  text(raw.http_base_url) ??
  (text(raw.ip) !== undefined && text(raw.http_port) !== undefined
    ? `http://${text(raw.ip)}:${text(raw.http_port)}`
    : undefined);

/** `XX_ntp_server`: the configured NTP server, else a public pool (a phone needs the time). */
export const deriveNtpServer = (raw: JsonObject): string =>
  (truthy(raw.ntp_enabled) ? text(raw.ntp_ip) : undefined) ?? 'pool.ntp.org';

export const deriveVlan = (raw: JsonObject): Vlan | undefined => {
  const id = text(raw.vlan_id);
  if (!truthy(raw.vlan_enabled) || id === undefined) return undefined;
  return { id, priority: text(raw.vlan_priority), pcPortId: text(raw.vlan_pc_port_id) };
};

export const deriveSyslog = (raw: JsonObject): Syslog | undefined => {
  const server = text(raw.syslog_ip);
  if (!truthy(raw.syslog_enabled) || server === undefined) return undefined;
  return {
    server,
    port: text(raw.syslog_port) ?? '514',
    level: SYSLOG_SEVERITIES[text(raw.syslog_level) ?? 'warning'] ?? '4',
  };
};

export const deriveCredentials = (raw: JsonObject, who: 'admin' | 'user'): Credentials | undefined => {
  const password = text(raw[`${who}_password`]);
  return password === undefined ? undefined : { username: text(raw[`${who}_username`]), password };
};

/**
 * `XX_phonebook_url`: wazo's remote directory lookup for the line's user, built from the
 * documented `X_xivo_phonebook_*` and `X_xivo_user_uuid` keys (plugins.md §2.3), or undefined
 * when the directory host or the user is not known.
 */
export const derivePhonebookUrl = (raw: JsonObject): string | undefined => {
  const host = text(raw.X_xivo_phonebook_ip);
  const user = text(raw.X_xivo_user_uuid);
  if (host === undefined || user === undefined) return undefined;
  const scheme = text(raw.X_xivo_phonebook_scheme) ?? 'http';
  const port = text(raw.X_xivo_phonebook_port) ?? '9498';
  const query = `xivo_user_uuid=${encodeURIComponent(user)}&term=#SEARCH`;
  return `${scheme}://${host}:${port}/0.1/directories/lookup/default/yealink?${query}`;
};
