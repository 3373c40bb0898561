import * as E from 'fp-ts/lib/Either.js';
import { isJsonObject, type JsonValue } from '../../domain/shared/json.js';
import type { ReadModels } from '../../projections/read-models.js';
import type { ReadModelDb } from '../../projections/runner/projection.js';
import { prepared } from '../../projections/runner/statement-cache.js';
import { deviceRawConfig } from '../file-cache/device-raw-config.js';
import { listDeviceFiles, readBlob, readRenderStatus } from '../file-cache/file-cache-tables.js';
import type { ActivePlugins } from '../plugins/active-plugins.js';

export interface ServedFile {
  readonly path: string;
  readonly scope: 'device' | 'common';
  readonly size: number;
  readonly sha256: string;
  readonly content: string;
  readonly redacted: boolean;
}

export interface DeviceFilesView {
  readonly files: readonly ServedFile[];
  readonly configured: boolean;
  readonly plugin: string | null;
  readonly error: string | null;
}

/** Keys whose values are secrets wherever they sit in a raw config. */
export const SECRET_KEY = /(pass(word|wd)?|secret|pin|auth_key|provisioning_key)$/i;
export const REDACTED = '********';

/** Every secret value of a raw config, longest first so a secret containing another goes first. */
export const secretValues = (value: JsonValue, key = ''): string[] => {
  const found: string[] = [];
  const walk = (v: JsonValue, k: string): void => {
    if (typeof v === 'string') {
      if (SECRET_KEY.test(k) && v !== '') found.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, k);
    } else if (isJsonObject(v)) {
      for (const [childKey, child] of Object.entries(v)) walk(child, childKey);
    } else if (typeof v === 'number' && SECRET_KEY.test(k)) {
      found.push(String(v));
    }
  };
  walk(value, key);
  return [...new Set(found)].sort((a, b) => b.length - a.length);
};

export const redact = (content: string, secrets: readonly string[]): { text: string; redacted: boolean } => {
  let text = content;
  for (const secret of secrets) text = text.split(secret).join(REDACTED);
  return { text, redacted: text !== content };
};

/**
 * GET /dev_mgr/devices/{id}/files: what the phone would be served now, from the file cache
 * (rendering first if a change is pending). Secrets are masked unless the caller may see them.
 */
export class DeviceFiles {
  constructor(
    private readonly deps: {
      readonly db: ReadModelDb;
      readonly readModels: ReadModels;
      readonly plugins: ActivePlugins;
      readonly urlKey: boolean;
      readonly configureNow: (deviceId: string) => Promise<void>;
    },
  ) {}

  async view(deviceId: string, revealSecrets: boolean): Promise<DeviceFilesView> {
    await this.deps.configureNow(deviceId);
    const { db, readModels } = this.deps;
    const device = readModels.devices.get(deviceId);
    const status = readRenderStatus(db, deviceId);
    const raw =
      device === undefined ? undefined : deviceRawConfig(readModels, device, { urlKey: this.deps.urlKey });
    const secrets = revealSecrets || raw === undefined || E.isLeft(raw) ? [] : secretValues(raw.right);
    const file = (path: string, scope: ServedFile['scope'], hash: string): ServedFile => {
      const bytes = readBlob(db, hash) ?? Buffer.alloc(0);
      const { text, redacted } = redact(bytes.toString('utf8'), secrets);
      return { path, scope, size: bytes.length, sha256: hash, content: text, redacted };
    };
    const own = listDeviceFiles(db, deviceId).map((f) => file(f.path, 'device', f.hash));
    const plugin = status?.plugin ?? device?.plugin ?? null;
    const common =
      plugin === null || this.deps.plugins.get(plugin) === undefined
        ? []
        : (
            prepared(db, 'SELECT path, hash FROM common_files WHERE plugin = ? ORDER BY path').all(
              plugin,
            ) as {
              path: string;
              hash: string;
            }[]
          ).map((f) => file(f.path, 'common', f.hash));
    return {
      files: [...own, ...common],
      configured: status?.configured ?? false,
      plugin,
      error: status?.error ?? null,
    };
  }
}
