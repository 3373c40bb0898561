import { resolveConnection } from '../plugin/client/connection.js';
import { ProvdClient } from '../plugin/client/provd-client.js';
import type { Env } from '../shared/command-group.js';

export const SERVER_USAGE = (
  acl: string,
): string => `  --url <url>          the server's REST API, e.g. http://127.0.0.1:8666 (with or without /0.2;
                       default: the PROVD_URL variable, else the configuration's REST listener)
  --token <token>      a token of the master tenant with the ${acl} ACL (default: the
                       PROVD_TOKEN variable)`;

/** `http://host:8666/0.2` and `http://host:8666` name the same API: the client adds `/0.2`. */
const withoutVersion = (url: string): string => url.replace(/\/+$/, '').replace(/\/0\.2$/, '');

/** A client of the running server: --url, else PROVD_URL, else the configured listener. */
export const serverClient = (
  values: { readonly url?: string; readonly token?: string; readonly config?: string },
  env: Env,
  usage: string,
): ProvdClient => {
  const url = values.url ?? (env.PROVD_URL?.trim() ? env.PROVD_URL : undefined);
  return new ProvdClient(
    resolveConnection({ ...values, ...(url === undefined ? {} : { url: withoutVersion(url) }) }, env, usage),
  );
};
