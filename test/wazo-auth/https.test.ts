import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWazoAuthBackend } from '../../src/adapters/wazo-auth/index.js';
import { AuthUnavailableError } from '../../src/application/auth/auth-backend.js';
import { ConfigError } from '../../src/config/load-config.js';
import { DEFAULT_CONFIG } from '../../src/config/server-config.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { MASTER_TENANT, VALID_TOKEN_MULTITENANT } from '../support/wazo-auth-stand-in.js';
import { captureLogger, setup } from './support.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!hasOpenssl)('wazo-auth over https', () => {
  let dir: TempDir;
  let tls: { key: Buffer; cert: Buffer };
  let caFile: string;

  beforeAll(async () => {
    dir = await makeTempDir('provd-wazo-auth-tls-');
    caFile = join(dir.path, 'cert.pem');
    const keyFile = join(dir.path, 'key.pem');
    // A self-signed certificate for 127.0.0.1: it is its own CA.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        caFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    tls = { key: readFileSync(keyFile), cert: readFileSync(caFile) };
  });
  afterAll(async () => {
    await dir.remove();
  });

  it('trusts the CA file given', async () => {
    const { backend, standIn } = await setup({ standIn: { tls }, config: { caFile } });
    expect(standIn.url).toMatch(/^https:/);
    expect(await backend.identify(VALID_TOKEN_MULTITENANT)).toMatchObject({ tenantUuid: MASTER_TENANT });
    expect(await backend.masterTenant()).toBe(MASTER_TENANT);
  });

  it('refuses a certificate it was not told to trust', async () => {
    const { backend } = await setup({ standIn: { tls } });
    const error = await backend.identify(VALID_TOKEN_MULTITENANT).catch((e: Error) => e);
    expect(error).toBeInstanceOf(AuthUnavailableError);
    expect((error as Error).message).toMatch(/self-signed certificate/);
  });
});

describe('createWazoAuthBackend', () => {
  const base = { ...DEFAULT_CONFIG.auth, backend: 'wazo-auth' as const };

  it('refuses a configuration without URL or credentials', () => {
    expect(() =>
      createWazoAuthBackend({ ...base, serviceId: 'a', serviceKey: 'b' }, captureLogger()),
    ).toThrow(ConfigError);
    expect(() =>
      createWazoAuthBackend({ ...base, url: 'http://127.0.0.1:9497', serviceId: 'a' }, captureLogger()),
    ).toThrow(/needs auth\.url, auth\.service_id and auth\.service_key/);
  });

  it('names an unreadable CA file', () => {
    const config = {
      ...base,
      url: 'https://127.0.0.1:9497',
      serviceId: 'a',
      serviceKey: 'b',
      caFile: '/nonexistent/ca.pem',
    };
    expect(() => createWazoAuthBackend(config, captureLogger())).toThrow(
      /^auth\.ca_file: cannot read \/nonexistent\/ca\.pem/,
    );
  });
});
