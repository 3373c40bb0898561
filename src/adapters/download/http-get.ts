import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DownloadError } from './download-error.js';
import { type ProxySettings, proxyFor } from './proxies.js';

export interface HttpGetOptions {
  readonly proxies: ProxySettings;
  /** The request fails when the connection stays silent this long. */
  readonly idleTimeoutMs: number;
  /** Extra trusted certificate authorities (a private plugin server). */
  readonly ca?: string | Buffer;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A URL as shown in messages: never its credentials. */
export const displayUrl = (url: URL): string => {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  return shown.href;
};

const send = (request: ClientRequest, url: URL, idleTimeoutMs: number): Promise<IncomingMessage> =>
  new Promise((resolve, reject) => {
    request.setTimeout(idleTimeoutMs, () =>
      request.destroy(new DownloadError(`GET ${displayUrl(url)}: no answer for ${idleTimeoutMs} ms`)),
    );
    request.once('error', (error) =>
      reject(
        error instanceof DownloadError
          ? error
          : new DownloadError(`GET ${displayUrl(url)}: ${error.message}`),
      ),
    );
    request.once('response', (response) => {
      // From here the reader watches for silence itself (download.ts): its error says so.
      request.setTimeout(0);
      resolve(response);
    });
    request.end();
  });

/** A TCP tunnel to `url`'s host through an HTTPS proxy (HTTP CONNECT). */
const tunnel = (url: URL, options: HttpGetOptions): Promise<Socket> => {
  const proxy = proxyFor('https:', options.proxies);
  if (proxy === undefined) throw new Error('no https proxy');
  const target = `${url.hostname}:${url.port === '' ? 443 : url.port}`;
  return new Promise((resolve, reject) => {
    const connect = httpRequest({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers: {
        host: target,
        ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}),
      },
    });
    connect.setTimeout(options.idleTimeoutMs, () =>
      connect.destroy(new DownloadError(`CONNECT ${target}: no answer from the proxy`)),
    );
    connect.once('error', (error) =>
      reject(
        error instanceof DownloadError ? error : new DownloadError(`CONNECT ${target}: ${error.message}`),
      ),
    );
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new DownloadError(`CONNECT ${target}: the proxy answered ${response.statusCode}`));
      } else {
        resolve(socket);
      }
    });
    connect.end();
  });
};

const requestOnce = async (url: URL, options: HttpGetOptions): Promise<IncomingMessage> => {
  const headers = { 'user-agent': 'provd', accept: '*/*' };
  if (url.protocol === 'http:') {
    const proxy = proxyFor('http:', options.proxies);
    // Through an HTTP proxy the request line carries the absolute URI.
    const request =
      proxy === undefined
        ? httpRequest(url, { headers })
        : httpRequest({
            host: proxy.host,
            port: proxy.port,
            path: url.href,
            headers: {
              ...headers,
              host: url.host,
              ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}),
            },
          });
    return send(request, url, options.idleTimeoutMs);
  }
  const ca = options.ca === undefined ? {} : { ca: options.ca };
  if (proxyFor('https:', options.proxies) === undefined) {
    return send(httpsRequest(url, { headers, ...ca }), url, options.idleTimeoutMs);
  }
  const socket = await tunnel(url, options);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const request = httpsRequest(url, {
    headers,
    ...ca,
    // The certificate is checked against `host`; SNI (servername) is for names only.
    createConnection: () =>
      tlsConnect({ socket, host, ...(isIP(host) === 0 ? { servername: host } : {}), ...ca }),
  });
  return send(request, url, options.idleTimeoutMs);
};

/**
 * GET `url` (http or https, through the configured proxy), following redirects. Resolves with
 * the 200 response, body unread; anything else is a DownloadError.
 */
export const httpGet = async (url: URL, options: HttpGetOptions): Promise<IncomingMessage> => {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new DownloadError(`${displayUrl(current)}: only http and https downloads are supported`);
    }
    const response = await requestOnce(current, options);
    const status = response.statusCode ?? 0;
    if (status === 200) return response;
    response.resume();
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location !== undefined && redirects < MAX_REDIRECTS) {
      current = new URL(location, current);
      continue;
    }
    throw new DownloadError(
      `GET ${displayUrl(current)}: HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
    );
  }
};
