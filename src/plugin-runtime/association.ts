import type { DeviceInfo } from '../domain/device/document.js';
import { SUPPORT } from './contract.js';
import { type PluginHandle, safeAssociate } from './isolate.js';
import type { PluginLogger } from './logger.js';

export interface PluginScore {
  readonly pluginId: string;
  readonly version: string;
  readonly score: number;
}

const SEGMENT = /^(\d*)(.*)$/;

const compareSegments = (a: string, b: string): number => {
  const [, aDigits = '', aRest = ''] = SEGMENT.exec(a) ?? [];
  const [, bDigits = '', bRest = ''] = SEGMENT.exec(b) ?? [];
  const aNumber = aDigits === '' ? -1 : Number(aDigits);
  const bNumber = bDigits === '' ? -1 : Number(bDigits);
  if (aNumber !== bNumber) return aNumber < bNumber ? -1 : 1;
  if (aRest === bRest) return 0;
  // A suffix marks a pre-release (`3-dev1`): it sorts below the plain release (`3`).
  if (aRest === '') return 1;
  if (bRest === '') return -1;
  return aRest < bRest ? -1 : 1;
};

/**
 * Orders plugin versions segment by segment, numerically: `1.10.0` > `1.9.2` (provd compared
 * the segments as strings, plugins.md §7.3). A segment's leading digits are its number and any
 * rest a pre-release suffix (`1.2.3-dev1` < `1.2.3`); missing segments count as 0
 * (`1.0` = `1.0.0`). Returns a negative number, 0 or a positive number, like a sort comparator.
 */
export const compareVersions = (a: string, b: string): number => {
  const aSegments = a.trim().split('.');
  const bSegments = b.trim().split('.');
  for (let i = 0; i < Math.max(aSegments.length, bSegments.length); i++) {
    const order = compareSegments(aSegments[i] ?? '0', bSegments[i] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
};

/** Plain code-unit order: the same on every machine, whatever the locale. */
const compareIds = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

/** Orders plugins for tie-breaks: by version, then by id. The greatest wins. */
export const comparePlugins = (
  a: { readonly pluginId: string; readonly version: string },
  b: { readonly pluginId: string; readonly version: string },
): number => compareVersions(a.version, b.version) || compareIds(a.pluginId, b.pluginId);

/**
 * The plugin a new device is associated with: the highest score, which must be at least
 * PROBABLE (300). Ties go to the highest plugin version, then to the greatest id (provd took the
 * greatest id only, by string order). Undefined when no score qualifies.
 */
export const choosePlugin = (scores: readonly PluginScore[]): PluginScore | undefined => {
  let best: PluginScore | undefined;
  for (const candidate of scores) {
    if (!(candidate.score >= SUPPORT.PROBABLE)) continue;
    if (
      best === undefined ||
      candidate.score > best.score ||
      (candidate.score === best.score && comparePlugins(candidate, best) > 0)
    ) {
      best = candidate;
    }
  }
  return best;
};

/** Every plugin's score for the info; a plugin that throws or answers nonsense is left out. */
export const scorePlugins = (
  plugins: readonly PluginHandle[],
  info: DeviceInfo,
  logger: PluginLogger,
): PluginScore[] =>
  plugins.flatMap((plugin) => {
    const score = safeAssociate(plugin, info, logger);
    return score === undefined
      ? []
      : [{ pluginId: plugin.manifest.id, version: plugin.manifest.version, score }];
  });
