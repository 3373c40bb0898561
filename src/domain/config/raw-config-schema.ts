import { asBoolean, asString } from '../shared/coercion.js';
import type { JsonObject, JsonValue } from '../shared/json.js';
import {
  bool,
  dictOf,
  enumOf,
  type Issue,
  int,
  issue,
  listOf,
  literalOf,
  matching,
  nullable,
  objectOf,
  refine,
  str,
  type Validator,
} from '../shared/schema.js';

/**
 * provd's raw-config schema (provd-spec §2.4–2.5), applied to each config's own raw_config on
 * write and to the flattened, defaulted raw config before a device is configured. Documented
 * ranges (vlan_id 0–4094, …) are deliberately not enforced, as in provd: existing configs that
 * provd accepted must keep loading.
 */

const DTMF_MODES = ['RTP-in-band', 'RTP-out-of-band', 'SIP-INFO'];
const SRTP_MODES = ['disabled', 'preferred', 'required'];
const TRANSPORTS = ['udp', 'tcp', 'tls'];
const SYSLOG_LEVELS = ['critical', 'error', 'warning', 'info', 'debug'];
const FUNCKEY_TYPES = ['speeddial', 'blf', 'park'];
const LOCALE_PREFIX = '[a-z]{2}_[A-Z]{2}';

const optionalStr = nullable(str);
const optionalInt = nullable(int);
const optionalBool = nullable(bool);

/**
 * provd resolved zones with the system zoneinfo; Intl knows the same IANA database. Intl is more
 * lenient in two ways we undo: it matches names case-insensitively and accepts UTC offsets.
 */
const isKnownTimeZone = (name: string): boolean => {
  if (/^[+-]/.test(name)) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
  } catch {
    return false;
  }
};

/** provd raised a bare "No time zone found" error here rather than a schema message; we keep its text. */
const timeZone: Validator = nullable((value, path) => {
  const name = asString(value);
  if (name === undefined) return [issue(path, 'str type expected')];
  return name === '' || isKnownTimeZone(name) ? [] : [issue(path, `No time zone found with key ${name}`)];
});

/** Line, call-manager and function-key numbers are dictionary keys made of digits. */
const digitKeys: Validator = (value, path) =>
  typeof value === 'object' && value !== null && !Object.keys(value).every((key) => /^[0-9]+$/.test(key))
    ? [issue(path, 'Dictionary keys must be a positive integer in string format.')]
    : [];

const sipLine = objectOf({
  fields: {
    proxy_ip: optionalStr,
    proxy_port: optionalInt,
    backup_proxy_ip: optionalStr,
    backup_proxy_port: optionalInt,
    registrar_ip: optionalStr,
    registrar_port: optionalInt,
    backup_registrar_ip: optionalStr,
    backup_registrar_port: optionalInt,
    outbound_proxy_ip: optionalStr,
    outbound_proxy_port: optionalInt,
    username: optionalStr,
    password: optionalStr,
    auth_username: optionalStr,
    display_name: optionalStr,
    number: optionalStr,
    dtmf_mode: nullable(enumOf(DTMF_MODES)),
    srtp_mode: nullable(enumOf(SRTP_MODES)),
    voicemail: optionalStr,
  },
});

const callManager = objectOf({ fields: { ip: str, port: optionalInt }, required: ['ip'] });

const needsValue = (key: JsonObject): boolean =>
  (key.type === 'blf' || key.type === 'speeddial') &&
  (key.value === undefined || key.value === null || key.value === '');

const funckey = objectOf({
  fields: { type: enumOf(FUNCKEY_TYPES), value: optionalStr, label: optionalStr, line: optionalStr },
  required: ['type'],
  checks: [
    (key, path) => (needsValue(key) ? [issue(path, 'Value is required for BLF and Speed Dial types.')] : []),
  ],
});

/** `<feature>_enabled: true` makes `<feature>_<value>` mandatory. */
const ENABLED_REQUIRES: readonly (readonly [string, string])[] = [
  ['dns_enabled', 'dns_ip'],
  ['ntp_enabled', 'ntp_ip'],
  ['vlan_enabled', 'vlan_id'],
  ['syslog_enabled', 'syslog_ip'],
];

const isMissing = (v: JsonValue | undefined): boolean => v === undefined || v === null || v === '';

/**
 * provd's wording was garbled ("Field `ip_ntp` is required if ip is enabled") and it rejected
 * `vlan_id: 0` because 0 is falsy; we name the real keys and accept 0, a valid VLAN id
 * (priority-tagged frames).
 */
const enabledRequiresValue = (raw: JsonObject, path: readonly string[]): Issue[] =>
  ENABLED_REQUIRES.filter(([flag, key]) => asBoolean(raw[flag]) === true && isMissing(raw[key])).map(
    ([flag, key]) => issue(path, `Field \`${key}\` is required if \`${flag}\` is true`),
  );

const RAW_CONFIG_FIELDS: { readonly [key: string]: Validator } = {
  ip: optionalStr,
  http_port: optionalInt,
  http_base_url: str,
  tftp_port: optionalInt,
  dns_enabled: optionalBool,
  dns_ip: optionalStr,
  ntp_enabled: optionalBool,
  ntp_ip: optionalStr,
  vlan_enabled: optionalBool,
  vlan_id: optionalInt,
  vlan_priority: optionalInt,
  vlan_pc_port_id: optionalInt,
  syslog_enabled: optionalBool,
  syslog_ip: optionalStr,
  syslog_port: int,
  syslog_level: enumOf(SYSLOG_LEVELS),
  admin_username: optionalStr,
  admin_password: optionalStr,
  user_username: optionalStr,
  user_password: optionalStr,
  timezone: timeZone,
  locale: nullable(matching(LOCALE_PREFIX)),
  protocol: nullable(literalOf(['SIP', 'SCCP'])),
  sip_proxy_ip: optionalStr,
  sip_proxy_port: optionalInt,
  sip_backup_proxy_ip: optionalStr,
  sip_backup_proxy_port: optionalInt,
  sip_registrar_ip: optionalStr,
  sip_registrar_port: optionalInt,
  sip_backup_registrar_ip: optionalStr,
  sip_backup_registrar_port: optionalInt,
  sip_outbound_proxy_ip: optionalStr,
  sip_outbound_proxy_port: optionalInt,
  sip_dtmf_mode: nullable(enumOf(DTMF_MODES)),
  sip_srtp_mode: nullable(enumOf(SRTP_MODES)),
  sip_transport: nullable(enumOf(TRANSPORTS)),
  sip_servers_root_and_intermediate_certificates: nullable(listOf(str)),
  sip_local_root_and_intermediate_certificates: nullable(listOf(str)),
  sip_local_certificate: optionalStr,
  sip_local_key: optionalStr,
  sip_subscribe_mwi: optionalBool,
  sip_lines: dictOf(sipLine),
  // provd checked the keys only once every entry was valid; refine keeps that order.
  sccp_call_managers: refine(dictOf(callManager), digitKeys),
  exten_dnd: optionalStr,
  exten_fwd_unconditional: optionalStr,
  exten_fwd_no_answer: optionalStr,
  exten_fwd_busy: optionalStr,
  exten_fwd_disable_all: optionalStr,
  exten_park: optionalStr,
  exten_pickup_group: optionalStr,
  exten_pickup_call: optionalStr,
  exten_voicemail: optionalStr,
  funckeys: refine(dictOf(funckey), digitKeys),
  X_xivo_phonebook_ip: optionalStr,
  config_version: optionalInt,
};

/** Everything else must be a custom `X_` key (so `XX_`, reserved for plugins at render time, is refused). */
const customFieldsStartWithX = (raw: JsonObject, path: readonly string[]): Issue[] => {
  const invalid = Object.keys(raw).filter(
    (key) => !Object.hasOwn(RAW_CONFIG_FIELDS, key) && !key.startsWith('X_'),
  );
  return invalid.length > 0
    ? [issue(path, `Custom fields must start with \`X_\`: ${invalid.join(', ')}`)]
    : [];
};

export const rawConfigValidator: Validator = objectOf({
  fields: RAW_CONFIG_FIELDS,
  checks: [enabledRequiresValue, customFieldsStartWithX],
});

/** Issues of a raw config; paths are relative to it. Empty when it is valid. */
export const validateRawConfig = (raw: JsonValue): Issue[] => rawConfigValidator(raw, []);
