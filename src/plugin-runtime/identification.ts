import { DEVICE_INFO_KEYS, type DeviceInfo, type DeviceInfoKey } from '../domain/device/document.js';
import { comparePlugins } from './association.js';
import type { IdentifyRequest } from './contract.js';
import { type PluginHandle, safeIdentify } from './isolate.js';
import { type PluginLogger, silentLogger } from './logger.js';

interface Candidate {
  readonly value: string;
  votes: number;
  /** The highest-ordered plugin proposing this value (see comparePlugins). */
  champion: { readonly pluginId: string; readonly version: string };
}

type Ballots = Map<DeviceInfoKey, Map<string, Candidate>>;

const castVotes = (ballots: Ballots, voter: Candidate['champion'], info: DeviceInfo): void => {
  for (const key of DEVICE_INFO_KEYS) {
    const value = info[key];
    if (value === undefined) continue;
    const candidates = ballots.get(key) ?? new Map<string, Candidate>();
    ballots.set(key, candidates);
    const candidate = candidates.get(value);
    if (candidate === undefined) {
      candidates.set(value, { value, votes: 1, champion: voter });
    } else {
      candidate.votes += 1;
      if (comparePlugins(voter, candidate.champion) > 0) candidate.champion = voter;
    }
  }
};

const winner = (candidates: Iterable<Candidate>): Candidate | undefined => {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (
      best === undefined ||
      c.votes > best.votes ||
      (c.votes === best.votes && comparePlugins(c.champion, best.champion) > 0)
    ) {
      best = c;
    }
  }
  return best;
};

/**
 * What a request says about the device (provd-spec §3.2). Every plugin's identify runs
 * (isolated: a throwing plugin is logged and ignored); for each key the value proposed by the
 * most plugins wins. A tie goes to the value proposed by the highest-version plugin, then the
 * greatest plugin id — the same order as association tie-breaks, so the result never depends on
 * the order plugins were loaded in. Last, the request's own facts override the vote: the client
 * ip always, and the MAC of a DHCP lease.
 */
export const extractInfo = (
  request: IdentifyRequest,
  plugins: readonly PluginHandle[],
  logger: PluginLogger = silentLogger,
): DeviceInfo => {
  const ballots: Ballots = new Map();
  for (const plugin of plugins) {
    const info = safeIdentify(plugin, request, logger);
    if (info !== undefined) {
      castVotes(ballots, { pluginId: plugin.manifest.id, version: plugin.manifest.version }, info);
    }
  }
  const merged: { [key in DeviceInfoKey]?: string } = {};
  for (const [key, candidates] of ballots) {
    const best = winner(candidates.values());
    if (best !== undefined) merged[key] = best.value;
  }
  merged.ip = request.clientIp;
  if (request.protocol === 'dhcp') merged.mac = request.mac;
  return merged;
};
