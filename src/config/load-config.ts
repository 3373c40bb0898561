import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type AuthConfig, DEFAULT_CONFIG, type ServerConfig } from './server-config.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Defaults, then the YAML file given by `--config`, then environment variables (PROVD_*): the
 * environment wins so a container can override one value of a shared file.
 */
export const loadConfig = (argv: readonly string[], env: Env): ServerConfig => {
  const file = configFileArg(argv);
  const fromFile = file ? readYaml(file) : {};
  const rest = section(fromFile, 'rest');
  const http = section(fromFile, 'http');
  const tftp = section(fromFile, 'tftp');
  const auth = section(fromFile, 'auth');
  const port = (value: unknown, name: string): number => {
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d+$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new ConfigError(`${name}: not a port number: ${String(value)}`);
    return n;
  };
  const str = (value: unknown, name: string): string => {
    if (typeof value !== 'string' || value === '')
      throw new ConfigError(`${name}: expected a non-empty string`);
    return value;
  };
  const eventStore = str(
    env.PROVD_EVENTSTORE ?? fromFile.event_store ?? DEFAULT_CONFIG.eventStore,
    'event_store',
  );
  if (eventStore !== 'sqlite' && !/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//.test(eventStore)) {
    throw new ConfigError(
      `event_store: expected "sqlite" or a kurrentdb:// connection string, got ${eventStore}`,
    );
  }
  const oneOf = <T extends string>(value: unknown, name: string, allowed: readonly T[]): T => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new ConfigError(`${name}: expected one of ${allowed.join(', ')}, got ${String(value)}`);
  };
  const bool = (value: unknown, name: string): boolean => {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw new ConfigError(`${name}: expected true or false, got ${String(value)}`);
  };
  const d = DEFAULT_CONFIG;
  const sipProxy = env.PROVD_SIP_PROXY ?? fromFile.sip_proxy;
  return {
    http: {
      host: str(env.PROVD_HTTP_HOST ?? http.host ?? d.http.host, 'http.host'),
      port: port(env.PROVD_HTTP_PORT ?? http.port ?? d.http.port, 'http.port'),
      trustedProxies: port(
        env.PROVD_HTTP_TRUSTED_PROXIES ?? http.trusted_proxies ?? d.http.trustedProxies,
        'http.trusted_proxies',
      ),
      authStrategy: oneOf(
        env.PROVD_HTTP_AUTH_STRATEGY ?? http.auth_strategy ?? d.http.authStrategy,
        'http.auth_strategy',
        ['none', 'url_key'] as const,
      ),
    },
    tftp: {
      host: str(env.PROVD_TFTP_HOST ?? tftp.host ?? d.tftp.host, 'tftp.host'),
      port: port(env.PROVD_TFTP_PORT ?? tftp.port ?? d.tftp.port, 'tftp.port'),
      caseInsensitive: bool(
        env.PROVD_TFTP_CASE_INSENSITIVE ?? tftp.case_insensitive ?? d.tftp.caseInsensitive,
        'tftp.case_insensitive',
      ),
      uploads: bool(env.PROVD_TFTP_UPLOADS ?? tftp.uploads ?? d.tftp.uploads, 'tftp.uploads'),
    },
    pipelineMode: oneOf(
      env.PROVD_PIPELINE_MODE ?? fromFile.pipeline_mode ?? d.pipelineMode,
      'pipeline_mode',
      ['default', 'secure'] as const,
    ),
    sipProxy: sipProxy === undefined ? undefined : str(sipProxy, 'sip_proxy'),
    dataDir: str(env.PROVD_DATA_DIR ?? fromFile.data_dir ?? DEFAULT_CONFIG.dataDir, 'data_dir'),
    eventStore,
    rest: {
      host: str(env.PROVD_REST_HOST ?? rest.host ?? DEFAULT_CONFIG.rest.host, 'rest.host'),
      port: port(env.PROVD_REST_PORT ?? rest.port ?? DEFAULT_CONFIG.rest.port, 'rest.port'),
    },
    advertisedUrl: str(
      env.PROVD_ADVERTISED_URL ?? fromFile.advertised_url ?? DEFAULT_CONFIG.advertisedUrl,
      'advertised_url',
    ),
    logLevel: str(env.PROVD_LOG_LEVEL ?? fromFile.log_level ?? DEFAULT_CONFIG.logLevel, 'log_level'),
    auth: authConfig(auth, env, { str, oneOf }),
    sync: syncConfig(section(fromFile, 'sync'), env, { str, oneOf, port }),
    syncdb: syncdbConfig(section(fromFile, 'syncdb'), env),
    metrics: {
      requireToken: bool(
        env.PROVD_METRICS_REQUIRE_TOKEN ??
          section(fromFile, 'metrics').require_token ??
          d.metrics.requireToken,
        'metrics.require_token',
      ),
    },
  };
};

const seconds = (value: unknown, name: string, min: number): number => {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n < min)
    throw new ConfigError(`${name}: expected a number of seconds ≥ ${min}, got ${String(value)}`);
  return n;
};

const syncdbConfig = (syncdb: Record<string, unknown>, env: Env): ServerConfig['syncdb'] => {
  const d = DEFAULT_CONFIG.syncdb;
  return {
    startSec: seconds(env.PROVD_SYNCDB_START_SEC ?? syncdb.start_sec ?? d.startSec, 'syncdb.start_sec', 0),
    // A tight loop against wazo-auth helps no one: at least a tenth of a second between runs.
    intervalSec: seconds(
      env.PROVD_SYNCDB_INTERVAL_SEC ?? syncdb.interval_sec ?? d.intervalSec,
      'syncdb.interval_sec',
      0.1,
    ),
  };
};

const syncConfig = (
  sync: Record<string, unknown>,
  env: Env,
  { str, oneOf, port }: Checks & { port(value: unknown, name: string): number },
): ServerConfig['sync'] => {
  const d = DEFAULT_CONFIG.sync;
  const mode = oneOf(env.PROVD_SYNC_MODE ?? sync.mode ?? d.mode, 'sync.mode', [
    'sip-notify',
    'ami',
    'none',
  ] as const);
  const amid = env.PROVD_AMID_URL ?? sync.amid_url;
  const amidUrl = amid === undefined ? undefined : str(amid, 'sync.amid_url');
  if (mode === 'ami' && amidUrl === undefined) {
    throw new ConfigError('sync: the ami mode needs sync.amid_url (PROVD_AMID_URL)');
  }
  return {
    mode,
    sipPort: port(env.PROVD_SYNC_SIP_PORT ?? sync.sip_port ?? d.sipPort, 'sync.sip_port'),
    amidUrl,
  };
};

interface Checks {
  str(value: unknown, name: string): string;
  oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T;
}

/** A revoked wazo-auth token stays usable as long as answers are kept: not more than this. */
const MAX_CACHE_TTL_MS = 600_000;

const authConfig = (auth: Record<string, unknown>, env: Env, { str, oneOf }: Checks): AuthConfig => {
  const d = DEFAULT_CONFIG.auth;
  const optional = (value: unknown, name: string): string | undefined =>
    value === undefined || value === null ? undefined : str(value, name);
  const backend = oneOf(env.PROVD_AUTH ?? auth.backend ?? d.backend, 'auth.backend', [
    'builtin',
    'wazo-auth',
  ] as const);
  const url = optional(env.PROVD_AUTH_URL ?? auth.url, 'auth.url');
  if (url !== undefined) {
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new ConfigError(`auth.url: expected an http:// or https:// URL, got ${url}`);
    }
  }
  // wazo-auth-keys writes provd's credentials to a YAML file of their own; as in provd, they
  // override the config file's, and the environment overrides both.
  const keyFile = optional(env.PROVD_AUTH_KEY_FILE ?? auth.key_file, 'auth.key_file');
  const keys = keyFile === undefined ? {} : readKeyFile(keyFile);
  const serviceId = optional(
    env.PROVD_AUTH_SERVICE_ID ?? keys.service_id ?? auth.service_id,
    'auth.service_id',
  );
  const serviceKey = optional(
    env.PROVD_AUTH_SERVICE_KEY ?? keys.service_key ?? auth.service_key,
    'auth.service_key',
  );
  const ttl = env.PROVD_AUTH_CACHE_TTL_MS ?? auth.cache_ttl_ms ?? d.cacheTtlMs;
  const cacheTtlMs =
    typeof ttl === 'number' ? ttl : typeof ttl === 'string' && /^\d+$/.test(ttl) ? Number(ttl) : NaN;
  if (!Number.isInteger(cacheTtlMs) || cacheTtlMs < 0 || cacheTtlMs > MAX_CACHE_TTL_MS) {
    throw new ConfigError(
      `auth.cache_ttl_ms: expected a number of milliseconds from 0 to ${MAX_CACHE_TTL_MS}, got ${String(ttl)}`,
    );
  }
  if (backend === 'wazo-auth') {
    const missing = [
      url === undefined ? 'auth.url (PROVD_AUTH_URL)' : undefined,
      serviceId === undefined ? 'auth.service_id (PROVD_AUTH_SERVICE_ID)' : undefined,
      serviceKey === undefined ? 'auth.service_key (PROVD_AUTH_SERVICE_KEY)' : undefined,
    ].filter((name) => name !== undefined);
    if (missing.length > 0) {
      throw new ConfigError(`auth: the wazo-auth backend needs ${missing.join(', ')}`);
    }
  }
  return {
    backend,
    url,
    serviceId,
    serviceKey,
    cacheTtlMs,
    caFile: optional(env.PROVD_AUTH_CA_FILE ?? auth.ca_file, 'auth.ca_file'),
    adminToken: optional(env.PROVD_ADMIN_TOKEN ?? auth.admin_token, 'auth.admin_token'),
  };
};

const readKeyFile = (file: string): Record<string, unknown> => {
  try {
    return readYaml(file);
  } catch (error) {
    throw new ConfigError(`auth.key_file: ${(error as Error).message}`);
  }
};

const configFileArg = (argv: readonly string[]): string | undefined => {
  const i = argv.indexOf('--config');
  if (i >= 0) {
    const value = argv[i + 1];
    if (!value) throw new ConfigError('--config needs a file name');
    return value;
  }
  const inline = argv.find((a) => a.startsWith('--config='));
  return inline?.slice('--config='.length);
};

const readYaml = (file: string): Record<string, unknown> => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file}: expected a mapping at the top level`);
  }
  return parsed as Record<string, unknown>;
};

const section = (obj: Record<string, unknown>, key: string): Record<string, unknown> => {
  const value = obj[key];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${key}: expected a mapping`);
  return value as Record<string, unknown>;
};
