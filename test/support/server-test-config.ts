import { DEFAULT_CONFIG, type ServerConfig } from '../../src/config/server-config.js';

/** A server configuration for tests: every listener on loopback with an ephemeral port. */
export const serverTestConfig = (dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig => ({
  ...DEFAULT_CONFIG,
  http: { ...DEFAULT_CONFIG.http, host: '127.0.0.1', port: 0 },
  tftp: { ...DEFAULT_CONFIG.tftp, host: '127.0.0.1', port: 0 },
  dataDir,
  eventStore: 'sqlite',
  rest: { host: '127.0.0.1', port: 0 },
  advertisedUrl: 'http://10.0.0.254:8667',
  logLevel: 'silent',
  ...overrides,
});
