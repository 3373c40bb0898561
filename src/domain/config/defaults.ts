import { isTruthy } from '../shared/coercion.js';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../shared/json.js';

const isAbsent = (v: JsonValue | undefined): v is undefined | null => v === undefined || v === null;

const setDefault = (target: JsonObject, key: string, value: JsonValue): void => {
  if (isAbsent(target[key])) target[key] = value;
};

/**
 * The defaults provd applies to a flattened raw config before configuring or synchronizing a
 * device (provd-spec §2.3 step 2). Returns a new object; the input is left alone. A key counts
 * as absent when missing or null.
 */
export const applyConfigureDefaults = (raw: JsonObject): JsonObject => {
  const result = cloneJson(raw);
  if (isTruthy(result.syslog_enabled)) {
    setDefault(result, 'syslog_port', 514);
    setDefault(result, 'syslog_level', 'warning');
  }
  if (!isAbsent(result.sip_proxy_ip)) setDefault(result, 'sip_registrar_ip', result.sip_proxy_ip);
  setDefault(result, 'sip_srtp_mode', 'disabled');
  setDefault(result, 'sip_transport', 'udp');
  setDefault(result, 'sip_lines', {});
  for (const line of Object.values(isJsonObject(result.sip_lines) ? result.sip_lines : {})) {
    if (!isJsonObject(line)) continue;
    if (!isAbsent(line.proxy_ip)) setDefault(line, 'registrar_ip', line.proxy_ip);
    if (!isAbsent(line.username)) setDefault(line, 'auth_username', line.username);
  }
  setDefault(result, 'sccp_call_managers', {});
  setDefault(result, 'funckeys', {});
  return result;
};
