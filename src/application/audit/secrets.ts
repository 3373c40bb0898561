import { isJsonObject, type JsonObject, type JsonValue, setOwn } from '../../domain/shared/json.js';
import { REDACTED, SECRET_KEY } from '../admin/device-files.js';

/** `scheme://user:password@host…`: a proxy parameter may carry its credentials. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:)[^/@\s]+@/i;

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

const maskScalar = (value: JsonValue, secret: boolean): JsonValue => {
  if (secret && ((typeof value === 'string' && value !== '') || typeof value === 'number')) return REDACTED;
  if (typeof value === 'string') return value.replace(URL_PASSWORD, `$1${REDACTED}@`);
  return value;
};

/**
 * A copy of `value` with its secrets replaced by `********`: values under secret-looking keys
 * (passwords, PINs, keys…) at any depth, the way the files view finds them in a raw config, and
 * passwords written into URLs. An empty secret stays empty: that it is unset is worth seeing.
 */
export const maskSecrets = (value: JsonValue, key = ''): JsonValue => {
  const secret = isSecretKey(key);
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, key));
  if (isJsonObject(value)) {
    const masked: JsonObject = {};
    for (const [childKey, child] of Object.entries(value))
      setOwn(masked, childKey, maskSecrets(child, childKey));
    return masked;
  }
  return maskScalar(value, secret);
};

/**
 * An event's data with its secrets masked. A provisioning key sits under `key`, a name too
 * common to count as secret everywhere: it is masked by event type.
 */
export const maskEventData = (type: string, data: JsonValue): JsonValue => {
  const masked = maskSecrets(data);
  if (type === 'ProvisioningKeySet' && isJsonObject(masked) && typeof masked.key === 'string') {
    return { ...masked, key: REDACTED };
  }
  return masked;
};
