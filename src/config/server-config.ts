/** Who may call the admin REST API (docs/authentication.md). */
export interface AuthConfig {
  /** `builtin`: tokens and tenants kept in provd's own log; `wazo-auth`: a Wazo platform's. */
  readonly backend: 'builtin' | 'wazo-auth';
  /** wazo-auth's base URL, e.g. `https://127.0.0.1:9497` (required with `wazo-auth`). */
  readonly url: string | undefined;
  /** provd's service identity in wazo-auth (wazo-auth-keys' `service_id` / `service_key`). */
  readonly serviceId: string | undefined;
  readonly serviceKey: string | undefined;
  /** How long wazo-auth's answers are kept, in milliseconds (0: not at all). */
  readonly cacheTtlMs: number;
  /** PEM file of the CA(s) to trust for an https wazo-auth URL, instead of the system's. */
  readonly caFile: string | undefined;
  /** The built-in backend's bootstrap admin token. */
  readonly adminToken: string | undefined;
}

/** The server's configuration, after defaults, the YAML file and environment variables are merged. */
export interface ServerConfig {
  /** Where the SQLite event log, the read-model database and plugin data live. */
  readonly dataDir: string;
  /** `sqlite` (embedded default) or a `kurrentdb://` / `esdb://` connection string. */
  readonly eventStore: string;
  readonly rest: { readonly host: string; readonly port: number };
  /** The phone-facing HTTP listener (provisioning files and firmware). */
  readonly http: {
    readonly host: string;
    readonly port: number;
    /**
     * How many reverse proxies in front of us append to X-Forwarded-For (provd's
     * http_proxied_trusted_proxies_count); 0: the TCP peer is the phone.
     */
    readonly trustedProxies: number;
    /** provd's http_auth_strategy: `url_key` makes phones use `/<tenant key>/<file>` URLs. */
    readonly authStrategy: 'none' | 'url_key';
  };
  readonly tftp: {
    readonly host: string;
    readonly port: number;
    /** Match requested names whatever their case (Cisco phones vary the case of SEP<MAC>). */
    readonly caseInsensitive: boolean;
    /** Accept write requests into a per-device area of the data dir (Polycom logs, overrides). */
    readonly uploads: boolean;
  };
  /** `default` creates a device for every unknown phone; `secure` only serves pre-created devices. */
  readonly pipelineMode: 'default' | 'secure';
  /** SIP proxy the seeded autoprov line registers to (default: the advertised URL's host). */
  readonly sipProxy: string | undefined;
  /** The base URL phones are told to use (provd's advertised_http_url). */
  readonly advertisedUrl: string;
  readonly logLevel: string;
  readonly auth: AuthConfig;
  /** How phones are told to re-fetch their files (docs/synchronization.md). */
  readonly sync: {
    /** `sip-notify`: straight to the phone over UDP; `ami`: through wazo-amid; `none`: off. */
    readonly mode: 'sip-notify' | 'ami' | 'none';
    /** The phones' SIP port for `sip-notify`. */
    readonly sipPort: number;
    /** wazo-amid's base URL for `ami` (it authenticates with provd's wazo-auth service token). */
    readonly amidUrl: string | undefined;
  };
  /**
   * provd's syncdb: with wazo-auth, devices of tenants it no longer lists are deleted, first
   * `startSec` after start, then every `intervalSec`.
   */
  readonly syncdb: { readonly startSec: number; readonly intervalSec: number };
  /** `GET /metrics` on the REST listener (docs/operations.md). */
  readonly metrics: {
    /** Scrapers must send a token holding `provd.metrics.read`; off, the endpoint is open. */
    readonly requireToken: boolean;
  };
}

export const DEFAULT_CONFIG: ServerConfig = {
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
};
