/** The server's configuration, after defaults, the YAML file and environment variables are merged. */
export interface ServerConfig {
  /** Where the SQLite event log, the read-model database and plugin data live. */
  readonly dataDir: string;
  /** `sqlite` (embedded default) or a `kurrentdb://` / `esdb://` connection string. */
  readonly eventStore: string;
  readonly rest: { readonly host: string; readonly port: number };
  /** The base URL phones are told to use (provd's advertised_http_url). */
  readonly advertisedUrl: string;
  readonly logLevel: string;
}

export const DEFAULT_CONFIG: ServerConfig = {
  dataDir: 'data',
  eventStore: 'sqlite',
  rest: { host: '127.0.0.1', port: 8666 },
  advertisedUrl: 'http://127.0.0.1:8667',
  logLevel: 'info',
};
