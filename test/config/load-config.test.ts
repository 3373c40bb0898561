import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseRawConfig } from '../../src/config/base-raw-config.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { DEFAULT_CONFIG } from '../../src/config/server-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';

const dirs: TempDir[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await dir.remove();
});

/** Writes `text` to a config file in a fresh temp dir; resolves with its path. */
const configFile = async (text: string): Promise<string> => {
  const dir = await makeTempDir('provd-config-');
  dirs.push(dir);
  const path = join(dir.path, 'provd.yml');
  await writeFile(path, text);
  return path;
};

const FILE = `
data_dir: /var/lib/provd
event_store: kurrentdb://eventstore:2113?tls=false
advertised_url: http://10.0.0.254:8667
log_level: debug
rest:
  host: 0.0.0.0
  port: 18666
http:
  host: 10.0.0.254
  port: 18667
  trusted_proxies: 1
  auth_strategy: url_key
tftp:
  host: 10.0.0.254
  port: 1069
  case_insensitive: true
  uploads: true
pipeline_mode: secure
sip_proxy: sip.example.com
auth:
  backend: wazo-auth
  url: https://wazo.example.com/api/auth
  service_id: wazo-provd
  service_key: s3cret-key
  cache_ttl_ms: 2000
  ca_file: /etc/ssl/wazo-ca.pem
  admin_token: bootstrap-admin-token
sync:
  mode: ami
  sip_port: 5070
  amid_url: https://127.0.0.1:9491
syncdb:
  start_sec: 0
  interval_sec: 0.1
metrics:
  require_token: true
`;

const FILE_AUTH = {
  backend: 'wazo-auth',
  url: 'https://wazo.example.com/api/auth',
  serviceId: 'wazo-provd',
  serviceKey: 's3cret-key',
  cacheTtlMs: 2000,
  caFile: '/etc/ssl/wazo-ca.pem',
  adminToken: 'bootstrap-admin-token',
};

describe('loadConfig', () => {
  it('gives the defaults without file or environment', () => {
    expect(loadConfig([], {})).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toEqual({
      dataDir: 'data',
      eventStore: 'sqlite',
      rest: { host: '127.0.0.1', port: 8666 },
      http: { host: '0.0.0.0', port: 8667, trustedProxies: 0, authStrategy: 'none' },
      tftp: { host: '0.0.0.0', port: 69, caseInsensitive: false, uploads: false },
      pipelineMode: 'default',
      sipProxy: undefined,
      advertisedUrl: 'http://127.0.0.1:8667',
      logLevel: 'info',
      auth: {
        backend: 'builtin',
        url: undefined,
        serviceId: undefined,
        serviceKey: undefined,
        cacheTtlMs: 5000,
        caFile: undefined,
        adminToken: undefined,
      },
      sync: { mode: 'sip-notify', sipPort: 5060, amidUrl: undefined },
      syncdb: { startSec: 60, intervalSec: 86_400 },
      metrics: { requireToken: false },
    });
  });

  it('reads the YAML file given by --config or --config=', async () => {
    const path = await configFile(FILE);
    const expected = {
      dataDir: '/var/lib/provd',
      eventStore: 'kurrentdb://eventstore:2113?tls=false',
      rest: { host: '0.0.0.0', port: 18666 },
      http: { host: '10.0.0.254', port: 18667, trustedProxies: 1, authStrategy: 'url_key' },
      tftp: { host: '10.0.0.254', port: 1069, caseInsensitive: true, uploads: true },
      pipelineMode: 'secure',
      sipProxy: 'sip.example.com',
      advertisedUrl: 'http://10.0.0.254:8667',
      logLevel: 'debug',
      auth: FILE_AUTH,
      sync: { mode: 'ami', sipPort: 5070, amidUrl: 'https://127.0.0.1:9491' },
      syncdb: { startSec: 0, intervalSec: 0.1 },
      metrics: { requireToken: true },
    };
    expect(loadConfig(['--config', path], {})).toEqual(expected);
    expect(loadConfig([`--config=${path}`], {})).toEqual(expected);
  });

  it('keeps the defaults for what the file leaves out, and accepts an empty file', async () => {
    expect(loadConfig(['--config', await configFile('rest:\n  port: 9000\n')], {})).toEqual({
      ...DEFAULT_CONFIG,
      rest: { host: '127.0.0.1', port: 9000 },
    });
    expect(loadConfig(['--config', await configFile('')], {})).toEqual(DEFAULT_CONFIG);
  });

  it('lets the environment override the file', async () => {
    const path = await configFile(FILE);
    const config = loadConfig(['--config', path], {
      PROVD_DATA_DIR: '/data',
      PROVD_EVENTSTORE: 'sqlite',
      PROVD_REST_HOST: '127.0.0.2',
      PROVD_REST_PORT: '0',
      PROVD_ADVERTISED_URL: 'https://provd.example.com',
      PROVD_LOG_LEVEL: 'warn',
      PROVD_HTTP_HOST: '127.0.0.3',
      PROVD_HTTP_PORT: '8080',
      PROVD_HTTP_TRUSTED_PROXIES: '2',
      PROVD_HTTP_AUTH_STRATEGY: 'none',
      PROVD_TFTP_HOST: '::',
      PROVD_TFTP_PORT: '6969',
      PROVD_TFTP_CASE_INSENSITIVE: '0',
      PROVD_TFTP_UPLOADS: 'false',
      PROVD_PIPELINE_MODE: 'default',
      PROVD_SIP_PROXY: '10.1.1.1',
      PROVD_AUTH: 'builtin',
      PROVD_AUTH_URL: 'http://127.0.0.1:9497',
      PROVD_AUTH_SERVICE_ID: 'provd-env',
      PROVD_AUTH_SERVICE_KEY: 'env-key',
      PROVD_AUTH_CACHE_TTL_MS: '0',
      PROVD_AUTH_CA_FILE: '/ca.pem',
      PROVD_ADMIN_TOKEN: 'env-admin-token',
      PROVD_SYNC_MODE: 'none',
      PROVD_SYNC_SIP_PORT: '5080',
      PROVD_SYNCDB_START_SEC: '30',
      PROVD_SYNCDB_INTERVAL_SEC: '3600',
      PROVD_METRICS_REQUIRE_TOKEN: 'false',
    });
    expect(config).toEqual({
      dataDir: '/data',
      eventStore: 'sqlite',
      rest: { host: '127.0.0.2', port: 0 },
      http: { host: '127.0.0.3', port: 8080, trustedProxies: 2, authStrategy: 'none' },
      tftp: { host: '::', port: 6969, caseInsensitive: false, uploads: false },
      pipelineMode: 'default',
      sipProxy: '10.1.1.1',
      advertisedUrl: 'https://provd.example.com',
      logLevel: 'warn',
      auth: {
        backend: 'builtin',
        url: 'http://127.0.0.1:9497',
        serviceId: 'provd-env',
        serviceKey: 'env-key',
        cacheTtlMs: 0,
        caFile: '/ca.pem',
        adminToken: 'env-admin-token',
      },
      sync: { mode: 'none', sipPort: 5080, amidUrl: 'https://127.0.0.1:9491' },
      syncdb: { startSec: 30, intervalSec: 3600 },
      metrics: { requireToken: false },
    });
    // One variable overrides one value; the rest still comes from the file.
    expect(loadConfig(['--config', path], { PROVD_REST_PORT: '8000' }).rest).toEqual({
      host: '0.0.0.0',
      port: 8000,
    });
  });

  it.each([
    ['-1'],
    ['65536'],
    ['80.5'],
    ['http'],
    // Number() reads these as 0, 80 and 1000: an empty variable must not mean "any free port".
    [''],
    ['0x50'],
    ['1e3'],
    [' 80'],
  ])('refuses the port %j', (port) => {
    expect(() => loadConfig([], { PROVD_REST_PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig([], { PROVD_REST_PORT: port })).toThrow(/^rest\.port: not a port number/);
  });

  it.each([
    [{ PROVD_HTTP_AUTH_STRATEGY: 'basic' }, /^http\.auth_strategy: expected one of none, url_key, got basic/],
    [{ PROVD_PIPELINE_MODE: 'open' }, /^pipeline_mode: expected one of default, secure, got open/],
    [{ PROVD_TFTP_PORT: '70000' }, /^tftp\.port: not a port number/],
    [{ PROVD_SIP_PROXY: '' }, /^sip_proxy: expected a non-empty string/],
    [{ PROVD_TFTP_UPLOADS: 'yes please' }, /^tftp\.uploads: expected true or false, got yes please/],
    [{ PROVD_METRICS_REQUIRE_TOKEN: 'on' }, /^metrics\.require_token: expected true or false, got on/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig([], env)).toThrow(message);
  });

  it.each([['[8666]'], ['[]'], ['true'], ['80.5'], ['-1']])(
    'refuses the port %s in the file',
    async (port) => {
      const path = await configFile(`rest:\n  port: ${port}\n`);
      expect(() => loadConfig(['--config', path], {})).toThrow(ConfigError);
    },
  );

  it('accepts a quoted port in the file', async () => {
    const path = await configFile('rest:\n  port: "8666"\n');
    expect(loadConfig(['--config', path], {}).rest.port).toBe(8666);
  });

  it.each([['postgres://db'], ['kurrentdb:/missing-slashes'], ['SQLite']])(
    'refuses the event store %j',
    (eventStore) => {
      expect(() => loadConfig([], { PROVD_EVENTSTORE: eventStore })).toThrow(ConfigError);
      expect(() => loadConfig([], { PROVD_EVENTSTORE: eventStore })).toThrow(
        /^event_store: expected "sqlite"/,
      );
    },
  );

  it.each([
    ['esdb://localhost:2113?tls=false'],
    ['esdb+discover://cluster:2113'],
    ['kurrent://localhost:2113'],
    ['kdb://localhost:2113'],
  ])('accepts the event store %j', (eventStore) => {
    expect(loadConfig([], { PROVD_EVENTSTORE: eventStore }).eventStore).toBe(eventStore);
  });

  it('refuses an event store in the file that is not a string', async () => {
    const path = await configFile('event_store: 42\n');
    expect(() => loadConfig(['--config', path], {})).toThrow(
      new ConfigError('event_store: expected a non-empty string'),
    );
  });

  it.each([
    ['a list', '- data_dir: x\n'],
    ['a scalar', 'just text\n'],
    ['a number', '42\n'],
  ])('refuses a file holding %s instead of a mapping', async (_what, text) => {
    const path = await configFile(text);
    expect(() => loadConfig(['--config', path], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--config', path], {})).toThrow(/expected a mapping at the top level/);
  });

  it('takes metrics.require_token from the environment alone', () => {
    expect(loadConfig([], { PROVD_METRICS_REQUIRE_TOKEN: '1' }).metrics).toEqual({ requireToken: true });
    expect(loadConfig([], { PROVD_METRICS_REQUIRE_TOKEN: 'true' }).metrics).toEqual({ requireToken: true });
  });

  it('refuses a metrics section that is not a mapping', async () => {
    const path = await configFile('metrics: true\n');
    expect(() => loadConfig(['--config', path], {})).toThrow(new ConfigError('metrics: expected a mapping'));
  });

  it('refuses a rest section that is not a mapping', async () => {
    const path = await configFile('rest: 8666\n');
    expect(() => loadConfig(['--config', path], {})).toThrow(new ConfigError('rest: expected a mapping'));
  });

  it('refuses invalid YAML, a missing file and a --config without a file name', async () => {
    const invalid = await configFile('rest: {port: 1\n');
    expect(() => loadConfig(['--config', invalid], {})).toThrow(/is not valid YAML/);
    expect(() => loadConfig(['--config', join(invalid, 'missing.yml')], {})).toThrow(
      /^cannot read config file/,
    );
    expect(() => loadConfig(['--config'], {})).toThrow(new ConfigError('--config needs a file name'));
  });

  it('refuses empty strings', () => {
    expect(() => loadConfig([], { PROVD_DATA_DIR: '' })).toThrow(
      new ConfigError('data_dir: expected a non-empty string'),
    );
  });
});

describe('loadConfig: auth', () => {
  const WAZO = {
    PROVD_AUTH: 'wazo-auth',
    PROVD_AUTH_URL: 'https://127.0.0.1:9497',
    PROVD_AUTH_SERVICE_ID: 'wazo-provd',
    PROVD_AUTH_SERVICE_KEY: 'key',
  };

  it('takes the wazo-auth backend from the environment alone', () => {
    expect(loadConfig([], WAZO).auth).toEqual({
      ...DEFAULT_CONFIG.auth,
      backend: 'wazo-auth',
      url: 'https://127.0.0.1:9497',
      serviceId: 'wazo-provd',
      serviceKey: 'key',
    });
  });

  it('takes the admin token of the built-in backend from PROVD_ADMIN_TOKEN', () => {
    expect(loadConfig([], { PROVD_ADMIN_TOKEN: 'a-long-bootstrap-token' }).auth).toEqual({
      ...DEFAULT_CONFIG.auth,
      adminToken: 'a-long-bootstrap-token',
    });
  });

  it.each([
    [
      { PROVD_AUTH: 'wazo-auth' },
      'auth.url (PROVD_AUTH_URL), auth.service_id (PROVD_AUTH_SERVICE_ID), auth.service_key (PROVD_AUTH_SERVICE_KEY)',
    ],
    [{ ...WAZO, PROVD_AUTH_URL: undefined }, 'auth.url (PROVD_AUTH_URL)'],
    [{ ...WAZO, PROVD_AUTH_SERVICE_ID: undefined }, 'auth.service_id (PROVD_AUTH_SERVICE_ID)'],
    [{ ...WAZO, PROVD_AUTH_SERVICE_KEY: undefined }, 'auth.service_key (PROVD_AUTH_SERVICE_KEY)'],
  ])('names what the wazo-auth backend is missing: %j', (env, missing) => {
    expect(() => loadConfig([], env)).toThrow(
      new ConfigError(`auth: the wazo-auth backend needs ${missing}`),
    );
  });

  it('names what is missing from the file too', async () => {
    const path = await configFile('auth:\n  backend: wazo-auth\n  url: http://127.0.0.1:9497\n');
    expect(() => loadConfig(['--config', path], {})).toThrow(
      'auth: the wazo-auth backend needs auth.service_id (PROVD_AUTH_SERVICE_ID), auth.service_key (PROVD_AUTH_SERVICE_KEY)',
    );
  });

  it.each([
    [{ PROVD_AUTH: 'ldap' }, /^auth\.backend: expected one of builtin, wazo-auth, got ldap$/],
    [
      { PROVD_AUTH_URL: 'localhost:9497' },
      /^auth\.url: expected an http:\/\/ or https:\/\/ URL, got localhost:9497$/,
    ],
    [{ PROVD_AUTH_URL: 'ftp://127.0.0.1' }, /^auth\.url: expected an http/],
    [{ PROVD_AUTH_URL: 'http://' }, /^auth\.url: expected an http/],
    [{ PROVD_AUTH_URL: '' }, /^auth\.url: expected a non-empty string$/],
    [{ PROVD_AUTH_SERVICE_KEY: '' }, /^auth\.service_key: expected a non-empty string$/],
    [{ PROVD_ADMIN_TOKEN: '' }, /^auth\.admin_token: expected a non-empty string$/],
    [
      { PROVD_AUTH_CACHE_TTL_MS: '-1' },
      /^auth\.cache_ttl_ms: expected a number of milliseconds from 0 to 600000, got -1$/,
    ],
    [{ PROVD_AUTH_CACHE_TTL_MS: '5s' }, /^auth\.cache_ttl_ms: expected a number/],
    [{ PROVD_AUTH_CACHE_TTL_MS: '' }, /^auth\.cache_ttl_ms: expected a number/],
    [{ PROVD_AUTH_CACHE_TTL_MS: '600001' }, /^auth\.cache_ttl_ms: expected a number/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig([], env)).toThrow(ConfigError);
    expect(() => loadConfig([], env)).toThrow(message);
  });

  it.each([
    ['auth: wazo-auth\n', 'auth: expected a mapping'],
    [
      'auth:\n  cache_ttl_ms: 1.5\n',
      'auth.cache_ttl_ms: expected a number of milliseconds from 0 to 600000, got 1.5',
    ],
    ['auth:\n  service_key: 1234\n', 'auth.service_key: expected a non-empty string'],
  ])('refuses the file %j', async (text, message) => {
    const path = await configFile(text);
    expect(() => loadConfig(['--config', path], {})).toThrow(new ConfigError(message));
  });

  it("reads provd's credentials from a wazo-auth-keys file, which the environment overrides", async () => {
    const keyFile = await configFile('service_id: provd-from-keys\nservice_key: key-from-keys\n');
    const path = await configFile(
      `auth:\n  backend: wazo-auth\n  url: http://127.0.0.1:9497\n  service_id: in-file\n  service_key: in-file\n  key_file: ${keyFile}\n`,
    );
    expect(loadConfig(['--config', path], {}).auth).toMatchObject({
      serviceId: 'provd-from-keys',
      serviceKey: 'key-from-keys',
    });
    expect(loadConfig(['--config', path], { PROVD_AUTH_SERVICE_KEY: 'from-env' }).auth).toMatchObject({
      serviceId: 'provd-from-keys',
      serviceKey: 'from-env',
    });
    expect(
      loadConfig([], { ...WAZO, PROVD_AUTH_SERVICE_ID: undefined, PROVD_AUTH_KEY_FILE: keyFile }).auth,
    ).toMatchObject({
      serviceId: 'provd-from-keys',
      serviceKey: 'key',
    });
  });

  it('names an unreadable key file', () => {
    expect(() => loadConfig([], { PROVD_AUTH_KEY_FILE: '/nonexistent/provd-key.yml' })).toThrow(
      /^auth\.key_file: cannot read config file \/nonexistent\/provd-key\.yml/,
    );
  });
});

describe('baseRawConfig', () => {
  it('derives the host and port from the advertised URL', () => {
    expect(baseRawConfig('http://10.0.0.254:8667')).toEqual({
      X_comment: 'Base raw config: every config inherits these values.',
      http_base_url: 'http://10.0.0.254:8667',
      ip: '10.0.0.254',
      http_port: 8667,
      tftp_port: 69,
    });
  });

  it("defaults the port to the scheme's (443 for https, 80 for http), as a number", () => {
    expect(baseRawConfig('https://provd.example.com')).toMatchObject({
      ip: 'provd.example.com',
      http_port: 443,
    });
    expect(baseRawConfig('http://provd.example.com/')).toMatchObject({ http_port: 80 });
  });

  it('drops trailing slashes from the base URL but keeps its path', () => {
    expect(baseRawConfig('http://10.0.0.1:8667/provd//').http_base_url).toBe('http://10.0.0.1:8667/provd');
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(baseRawConfig('http://[fd00::1]:8667')).toMatchObject({ ip: 'fd00::1', http_port: 8667 });
  });

  it('takes the TFTP port as given', () => {
    expect(baseRawConfig('http://10.0.0.1', 6969).tftp_port).toBe(6969);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => baseRawConfig('not a url')).toThrow('advertised_url is not a URL: not a url');
    // Without a scheme, the host reads as one (or, starting with a digit, as nothing valid).
    expect(() => baseRawConfig('10.0.0.1:8667')).toThrow('advertised_url is not a URL: 10.0.0.1:8667');
    expect(() => baseRawConfig('localhost:8667')).toThrow(
      'advertised_url must be http or https: localhost:8667',
    );
    expect(() => baseRawConfig('ftp://10.0.0.1')).toThrow('advertised_url must be http or https');
  });

  it('refuses the ami sync mode without wazo-amid URL, and unknown modes', async () => {
    expect(() => loadConfig([], { PROVD_SYNC_MODE: 'ami' })).toThrow(/sync\.amid_url/);
    expect(() => loadConfig([], { PROVD_SYNC_MODE: 'carrier-pigeon' })).toThrow(/sync\.mode/);
    expect(() => loadConfig([], { PROVD_SYNC_SIP_PORT: '70000' })).toThrow(/sync\.sip_port/);
    expect(() => loadConfig([], { PROVD_SYNCDB_INTERVAL_SEC: '0' })).toThrow(/syncdb\.interval_sec/);
    expect(() => loadConfig([], { PROVD_SYNCDB_START_SEC: 'soon' })).toThrow(/syncdb\.start_sec/);
  });
});
