import type { ConfigKind } from '../../domain/device/commands.js';
import { isJsonObject } from '../../domain/shared/json.js';
import type { ConfigReadModel } from '../../projections/configs/config-read-model.js';

/**
 * What a config means for a phone, for naming a device's config change (DeviceAssociatedToLine,
 * DeviceResetToAutoprov): `autoprov` for the autocreate config and its autocreated children
 * (wazo-confd recognises them by the `autoprov` id prefix too), `line` for a config giving the
 * phone at least one SIP line of its own, `other` otherwise (dangling ids included).
 */
export const configKind = (configs: ConfigReadModel, id: string | null | undefined): ConfigKind | null => {
  if (id === null || id === undefined) return null;
  const config = configs.get(id);
  if (config === undefined) return 'other';
  if (
    config.role === 'autocreate' ||
    configs.autocreatedFrom(id) !== undefined ||
    id.startsWith('autoprov')
  ) {
    return 'autoprov';
  }
  const lines = config.raw_config.sip_lines;
  return isJsonObject(lines) && Object.keys(lines).length > 0 ? 'line' : 'other';
};
