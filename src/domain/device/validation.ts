import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { asString, isTruthy, showValue } from '../shared/coercion.js';
import { type DomainError, domainError } from '../shared/errors.js';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../shared/json.js';
import { formatIssues, type Issue, issue } from '../shared/schema.js';
import { DEVICE_INFO_KEYS, type DeviceInfo, SERVER_OWNED_KEYS } from './document.js';

const NORMALIZED_MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

const isDottedQuad = (ip: string): boolean => {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
};

/** Typed string fields; a null there means "absent" (provd compared missing and null alike). */
const STRING_FIELDS: ReadonlySet<string> = new Set([...DEVICE_INFO_KEYS, 'plugin', 'config', 'description']);

/** Server-owned keys are the server's to set; `__proto__` cannot be stored safely and means nothing. */
const IGNORED: ReadonlySet<string> = new Set([...SERVER_OWNED_KEYS, '__proto__']);

const macAndIpCheck = (fields: JsonObject): DomainError | undefined => {
  const { mac, ip } = fields;
  if (mac !== undefined && isTruthy(mac) && !(typeof mac === 'string' && NORMALIZED_MAC.test(mac))) {
    return domainError('validation', `Non-normalized MAC address ${showValue(mac)}`);
  }
  if (ip !== undefined && isTruthy(ip) && !(typeof ip === 'string' && isDottedQuad(ip))) {
    return domainError('validation', `Non-normalized IP address ${showValue(ip)}`);
  }
  return undefined;
};

const schemaIssues = (fields: JsonObject): Issue[] =>
  Object.entries(fields).flatMap(([key, value]): Issue[] => {
    if (IGNORED.has(key) || value === null) return [];
    if (STRING_FIELDS.has(key)) {
      const s = asString(value);
      if (s === undefined) return [issue([key], 'str type expected')];
      // Only an empty mac gets here: a truthy non-normalized one failed the first check.
      if (key === 'mac' && !NORMALIZED_MAC.test(s)) {
        return [issue([key], `string does not match regex "${NORMALIZED_MAC.source}"`)];
      }
      return [];
    }
    return key === 'options' && !isJsonObject(value) ? [issue([key], 'value is not a valid dict')] : [];
  });

const normalise = (fields: JsonObject): JsonObject => {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) {
    if (IGNORED.has(key)) continue;
    if (STRING_FIELDS.has(key) || key === 'options') {
      if (value === null) continue;
      result[key] = key === 'options' ? cloneJson(value) : (asString(value) as string);
    } else {
      result[key] = cloneJson(value);
    }
  }
  return result;
};

/**
 * A client's device fields as we store them, checked in provd's order (provd-spec §2.5): MAC
 * normalized, then IP dotted quad, then the lenient schema (string fields accept numbers, which
 * are stored as strings). Server-owned keys are dropped; nulls on typed fields mean "absent";
 * custom keys (X_*, unknown ones) are kept as sent, null included.
 */
export const normaliseDeviceFields = (fields: JsonObject): E.Either<DomainError, JsonObject> => {
  const early = macAndIpCheck(fields);
  if (early !== undefined) return E.left(early);
  const issues = schemaIssues(fields);
  if (issues.length > 0) return E.left(domainError('validation', formatIssues(issues)));
  return E.right(normalise(fields));
};

/** Device info from the phone pipeline goes through the same checks as a client's fields. */
export const normaliseDeviceInfo = (info: DeviceInfo): E.Either<DomainError, DeviceInfo> => {
  const fields: JsonObject = {};
  for (const key of DEVICE_INFO_KEYS) {
    const value: JsonValue | undefined = info[key];
    if (value !== undefined) fields[key] = value;
  }
  return pipe(
    normaliseDeviceFields(fields),
    E.map((normalised) => normalised as DeviceInfo),
  );
};
