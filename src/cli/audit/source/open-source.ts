import * as E from 'fp-ts/lib/Either.js';
import { parseInstant } from '../../../application/audit/instant.js';
import { ConfigError, loadConfig } from '../../../config/load-config.js';
import { resolveConnection } from '../../plugin/client/connection.js';
import { ProvdClient } from '../../plugin/client/provd-client.js';
import type { Env } from '../../shared/command-group.js';
import { UsageError } from '../../shared/errors.js';
import type { AuditSource } from './audit-source.js';
import { DirectAuditSource } from './direct-source.js';
import { RestAuditSource } from './rest-source.js';

/** Options of every audit command: where the trail is, and how to show it. */
export const SOURCE_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  'data-dir': { type: 'string' },
  'show-secrets': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const SOURCE_USAGE = `Where the audit trail is read (one of):
  --url <url>        a running server's REST API, e.g. http://127.0.0.1:8666/0.2 (default: the
                     PROVD_URL variable); the token comes from --token or PROVD_TOKEN and needs
                     the provd.audit ACLs
  --data-dir <dir>   a data directory, its event log opened read-only (default: the
                     PROVD_DATA_DIR variable); for a stopped server
  with neither, a token (--token, PROVD_TOKEN) means the configured REST listener.
  --config <file>    the server's configuration (event store, url_key strategy, REST listener)

  --show-secrets     show passwords and keys instead of ******** (over REST, the token also
                     needs provd.audit.secrets.read)
  --json             JSON instead of readable text`;

export interface SourceValues {
  readonly url?: string;
  readonly token?: string;
  readonly 'data-dir'?: string;
  readonly 'show-secrets'?: boolean;
  readonly config?: string;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

/** `http://host:8666/0.2` and `http://host:8666` name the same API: the client adds `/0.2`. */
const withoutVersion = (url: string): string => url.replace(/\/+$/, '').replace(/\/0\.2$/, '');

/**
 * Picks the source: `--data-dir` or `--url` when given (not both), else PROVD_URL, else
 * PROVD_DATA_DIR, else the configured REST listener when there is a token.
 */
export const openAuditSource = (values: SourceValues, env: Env, usage: string): AuditSource => {
  const reveal = values['show-secrets'] === true;
  const dataDir = nonEmpty(values['data-dir']);
  if (dataDir !== undefined && values.url !== undefined) {
    throw new UsageError('--url and --data-dir: give one (a running server, or a data directory)', usage);
  }
  const url = values.url ?? (dataDir === undefined ? nonEmpty(env.PROVD_URL) : undefined);
  const directory = dataDir ?? (url === undefined ? nonEmpty(env.PROVD_DATA_DIR) : undefined);
  if (url === undefined && directory !== undefined) {
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(values.config === undefined ? [] : ['--config', values.config], {
        ...env,
        PROVD_DATA_DIR: directory,
      });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    return DirectAuditSource.open(config, reveal);
  }
  if (url === undefined && nonEmpty(values.token ?? env.PROVD_TOKEN) === undefined) {
    throw new UsageError(
      'where is the audit trail? --url <REST API> (or PROVD_URL and PROVD_TOKEN) for a running server, --data-dir <dir> (or PROVD_DATA_DIR) for a stopped one',
      usage,
    );
  }
  const connection = resolveConnection(
    { ...values, ...(url === undefined ? {} : { url: withoutVersion(url) }) },
    env,
    usage,
  );
  return new RestAuditSource(new ProvdClient(connection), reveal);
};

/** Runs `work` with an open source and closes it whatever happens. */
export const withAuditSource = async <T>(
  values: SourceValues,
  env: Env,
  usage: string,
  work: (source: AuditSource) => Promise<T>,
): Promise<T> => {
  const source = openAuditSource(values, env, usage);
  try {
    return await work(source);
  } finally {
    await source.close();
  }
};

/**
 * An instant of the command line as ISO 8601 UTC: a date, or a date and time with or without an
 * offset (without one, local time: the operator's clock).
 */
export const instantOption = (name: string, text: string | undefined, usage: string): string | undefined => {
  if (text === undefined) return undefined;
  const parsed = parseInstant(text, { localTime: true });
  if (E.isLeft(parsed)) throw new UsageError(`--${name}: ${parsed.left}`, usage);
  return parsed.right.toISOString();
};
