import * as E from 'fp-ts/lib/Either.js';
import { applyConfigureDefaults } from '../../domain/config/defaults.js';
import { validateRawConfig } from '../../domain/config/raw-config-schema.js';
import type { DeviceDocument } from '../../domain/device/document.js';
import type { JsonObject } from '../../domain/shared/json.js';
import { formatIssues } from '../../domain/shared/schema.js';
import type { ReadModels } from '../../projections/read-models.js';

export interface RawConfigOptions {
  /** provd's `url_key` strategy: phones are told to come back with their tenant's key. */
  readonly urlKey: boolean;
}

/**
 * The raw config a plugin renders a device with (provd-spec §2.3 "configure a device"): the
 * device's config flattened over the base, the url_key rewrite, configure-time defaults, then
 * validation. Left: why the device cannot be configured, in words for admins.
 */
export const deviceRawConfig = (
  readModels: ReadModels,
  device: DeviceDocument,
  options: RawConfigOptions,
): E.Either<string, JsonObject> => {
  if (device.config === undefined) return E.left('the device has no config');
  const flattened = readModels.configs.rawConfig(device.config);
  if (flattened === undefined) return E.left(`config ${device.config} does not exist`);
  return configureRawConfig(
    flattened,
    device.tenant_uuid,
    (tenant) => readModels.settings.provisioningKey(tenant),
    options,
  );
};

/**
 * The steps after flattening, on whatever state they come from: the read models now, or the log
 * folded up to an instant (src/application/audit), so both render a device the same way.
 */
export const configureRawConfig = (
  flattened: JsonObject,
  tenant: string,
  provisioningKey: (tenant: string) => string | null | undefined,
  options: RawConfigOptions,
): E.Either<string, JsonObject> => {
  let raw = flattened;
  if (options.urlKey) {
    const key = provisioningKey(tenant);
    if (!key) return E.left(`tenant ${tenant} has no provisioning key (url_key strategy)`);
    const base = typeof raw.http_base_url === 'string' ? raw.http_base_url.replace(/\/+$/, '') : '';
    raw = { ...raw, http_base_url: `${base}/${key}` };
  }
  const withDefaults = applyConfigureDefaults(raw);
  const issues = validateRawConfig(withDefaults);
  if (issues.length > 0) return E.left(`invalid raw config: ${formatIssues(issues)}`);
  return E.right(withDefaults);
};
