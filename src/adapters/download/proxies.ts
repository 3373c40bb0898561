import { DownloadError } from './download-error.js';

/**
 * provd's proxy parameters (provd-spec §7.1): `http_proxy` is `http://[user:password@]host:port`,
 * `https_proxy` is `host:port`. Unset means a direct connection.
 */
export interface ProxySettings {
  readonly http?: string;
  readonly https?: string;
}

export interface Proxy {
  readonly host: string;
  readonly port: number;
  /** `Proxy-Authorization` value when the proxy URL carries credentials. */
  readonly authorization?: string;
}

const parse = (value: string, what: string): Proxy => {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new DownloadError(`the ${what} proxy is not a valid address`);
  }
  if (url.hostname === '') throw new DownloadError(`the ${what} proxy has no host`);
  const credentials =
    url.username === '' && url.password === ''
      ? undefined
      : Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString(
          'base64',
        );
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 8080 : Number(url.port),
    ...(credentials === undefined ? {} : { authorization: `Basic ${credentials}` }),
  };
};

/** The proxy for a URL of this scheme, or undefined for a direct connection. */
export const proxyFor = (protocol: 'http:' | 'https:', settings: ProxySettings): Proxy | undefined => {
  const value = protocol === 'http:' ? settings.http : settings.https;
  return value === undefined || value.trim() === '' ? undefined : parse(value.trim(), protocol.slice(0, -1));
};
