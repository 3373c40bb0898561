import { ConfigError, loadConfig } from '../../../config/load-config.js';
import type { Env } from '../../shared/command-group.js';
import { UsageError } from '../../shared/errors.js';

/** Options of every `provd plugin` command: where the server is, and who asks. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

export const CONNECTION_USAGE = `  --url <url>       the server's REST API, without /0.2 (default: the configuration's REST
                    listener, rest.host and rest.port: http://127.0.0.1:8666 unless set;
                    127.0.0.1 when it listens on every address)
  --token <token>   an API token with the provd.pg_mgr ACLs (default: the PROVD_TOKEN variable,
                    which keeps it out of the process list)`;

export interface Connection {
  /** No trailing slash: paths (`/0.2/…`) are appended to it. */
  readonly baseUrl: string;
  readonly token: string;
}

// Listening on every address: the loopback one is among them.
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

/** Where a server started with the same configuration listens for the REST API. */
const configuredUrl = (configFile: string | undefined, env: Env): string => {
  let rest: { readonly host: string; readonly port: number };
  try {
    ({ rest } = loadConfig(configFile === undefined ? [] : ['--config', configFile], env));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const host = WILDCARD_HOSTS.has(rest.host) ? '127.0.0.1' : rest.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${rest.port}`;
};

const checkedUrl = (text: string, usage: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--url: not a URL: ${text}`, usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url: expected an http or https URL, got ${text}`, usage);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
};

/**
 * The server and the token from the options, the environment and, for the default URL only,
 * the server's configuration: a remote server needs no local configuration file.
 */
export const resolveConnection = (
  values: { readonly url?: string; readonly token?: string; readonly config?: string },
  env: Env,
  usage: string,
): Connection => {
  const token = values.token ?? env.PROVD_TOKEN;
  if (token === undefined || token === '') {
    throw new UsageError(
      'no API token: pass --token <token> or set PROVD_TOKEN (`provd token create` makes one, on the server)',
      usage,
    );
  }
  // Checked here: fetch would refuse such a header with a message about headers, not the token.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError('--token: a token is printable ASCII without spaces');
  }
  const baseUrl =
    values.url === undefined ? configuredUrl(values.config, env) : checkedUrl(values.url, usage);
  return { baseUrl, token };
};
