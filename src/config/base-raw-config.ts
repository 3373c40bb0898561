import type { JsonObject } from '../domain/shared/json.js';

/**
 * The base raw config every flattening starts from (provd-spec §2.3): the phone-facing URL and,
 * for plugins written before `http_base_url` existed, its host and port. provd fell back to the
 * *string* "8667" when the URL had no port; we give the scheme's default port as a number
 * (deliberate difference, docs/compatibility.md).
 */
export const baseRawConfig = (advertisedUrl: string, tftpPort = 69): JsonObject => {
  let url: URL;
  try {
    url = new URL(advertisedUrl);
  } catch {
    throw new Error(`advertised_url is not a URL: ${advertisedUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`advertised_url must be http or https: ${advertisedUrl}`);
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    X_comment: 'Base raw config: every config inherits these values.',
    http_base_url: advertisedUrl.replace(/\/+$/, ''),
    ip: url.hostname.replace(/^\[|\]$/g, ''),
    http_port: port,
    tftp_port: tftpPort,
  };
};
