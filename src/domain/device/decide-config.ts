import type { ConfigKind } from './commands.js';
import type { ConfigAssigned, DeviceAssociatedToLine, DeviceResetToAutoprov } from './events.js';

export type ConfigChangeEvent = ConfigAssigned | DeviceAssociatedToLine | DeviceResetToAutoprov;

/**
 * Names a config change by what it means for the phone: getting a user's line after autoprov
 * (or after having no config), going back to autoprov from a line, or anything else. Kinds come
 * from the shell; a config without a kind counts as `other`.
 */
export const configChange = (
  deviceId: string,
  previous: string | undefined,
  next: string | null,
  nextKind: ConfigKind | null,
  previousKind: ConfigKind | null,
): readonly ConfigChangeEvent[] => {
  const from = previous ?? null;
  if (from === next) return [];
  if (next === null) return [{ type: 'ConfigAssigned', data: { deviceId, config: null, previous: from } }];
  const fromKind = from === null ? 'none' : (previousKind ?? 'other');
  const toKind = nextKind ?? 'other';
  const data = { deviceId, config: next, previous: from };
  if (toKind === 'line' && (fromKind === 'none' || fromKind === 'autoprov')) {
    return [{ type: 'DeviceAssociatedToLine', data }];
  }
  if (toKind === 'autoprov' && fromKind === 'line') return [{ type: 'DeviceResetToAutoprov', data }];
  return [{ type: 'ConfigAssigned', data }];
};
