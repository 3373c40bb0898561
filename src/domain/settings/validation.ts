import * as E from 'fp-ts/lib/Either.js';
import { showValue } from '../shared/coercion.js';
import { type DomainError, domainError } from '../shared/errors.js';
import type { JsonValue } from '../shared/json.js';
import type { ParameterName } from './events.js';
import type { ParameterValue } from './state.js';
import { splitUrl } from './url.js';

/**
 * Parameter values as provd's /configure checks them (provd-spec §7.1), with its 400 messages.
 * Returns the value to store. The checks only make sense on strings; provd crashed on other
 * JSON types, we refuse them.
 */

type Checked = E.Either<DomainError, ParameterValue>;

const refuse = (message: string): Checked => E.left(domainError('validation', message));

const LOCALE = /^[a-z]{2,3}(_[A-Z]{2,3})?$/;

const pluginServer = (url: string): Checked => {
  const { scheme, hostname } = splitUrl(url);
  if (scheme === '') return refuse(`no scheme: ${url}`);
  if (hostname === '') return refuse(`no hostname: ${url}`);
  return E.right(url);
};

/** `http://[user:password@]host:port`, nothing after. */
const downloadProxy = (url: string): Checked => {
  if (url === '') return E.right(null);
  const { scheme, hostname, path } = splitUrl(url);
  if (scheme === '') return refuse(`No scheme: ${url}`);
  if (hostname === '') return refuse(`No hostname: ${url}`);
  if (path !== '') return refuse(`Path: ${path}`);
  return E.right(url);
};

/** `host:port` only: a full URL is what people mistakenly send. */
const httpsProxy = (value: string): Checked => {
  if (value === '') return refuse('zero-length value');
  const { scheme, hostname } = splitUrl(value);
  if (scheme !== '' && hostname !== '') return refuse(`scheme and hostname: ${value}`);
  return E.right(value);
};

const locale = (value: string): Checked =>
  LOCALE.test(value) ? E.right(value) : refuse(`Invalid locale ${value}`);

/**
 * "0" or "1", stored (and shown) as a number; null means 0. Numbers 0 and 1 are accepted too,
 * so a client can send back what GET returned.
 */
const nat = (value: JsonValue): Checked => {
  if (value === null) return E.right(0);
  if (value === '0' || value === '1' || value === 0 || value === 1) return E.right(Number(value));
  return refuse(showValue(value));
};

export const checkParameter = (name: ParameterName, value: JsonValue): Checked => {
  if (name === 'NAT') return nat(value);
  if (value === null) return E.right(null);
  if (typeof value !== 'string') return refuse(`${name} must be a string or null`);
  switch (name) {
    case 'plugin_server':
      return pluginServer(value);
    case 'http_proxy':
    case 'ftp_proxy':
      return downloadProxy(value);
    case 'https_proxy':
      return httpsProxy(value);
    case 'locale':
      return locale(value);
  }
};

const KEY_CHARACTERS = /^[a-zA-Z0-9\-$~.]*$/;

/**
 * A tenant's provisioning key (provd-spec §4.4): null or "" clears it; otherwise 8–256 URL-safe
 * characters, unused by any other tenant (the key identifies the tenant in phone URLs).
 */
export const checkProvisioningKey = (
  tenantUuid: string,
  key: JsonValue,
  keys: { readonly [tenantUuid: string]: string | null },
): E.Either<DomainError, string | null> => {
  if (key === null || key === '') return E.right(null);
  if (typeof key !== 'string') {
    return E.left(domainError('validation', '`provisioning_key` should be a string or null.'));
  }
  if (key.length < 8 || key.length > 256) {
    return E.left(domainError('validation', '`provisioning_key` should be [8, 256] characters long.'));
  }
  if (!KEY_CHARACTERS.test(key)) {
    return E.left(
      domainError(
        'validation',
        '`provisioning_key` should only contain the following characters: `a-z, A-Z, 0-9, -, $, ~, .`',
      ),
    );
  }
  const owner = Object.entries(keys).find(([tenant, existing]) => tenant !== tenantUuid && existing === key);
  if (owner !== undefined)
    return E.left(domainError('validation', 'another tenant already uses this provisioning key.'));
  return E.right(key);
};
