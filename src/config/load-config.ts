import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_CONFIG, type ServerConfig } from './server-config.js';

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
  };
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
