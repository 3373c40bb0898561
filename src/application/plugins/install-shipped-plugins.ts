import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pluginDecider } from '../../domain/plugin/decider.js';
import type { PluginInfo } from '../../domain/plugin/events.js';
import type { JsonValue } from '../../domain/shared/json.js';
import { pluginStream } from '../../domain/streams.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { compareVersions } from '../../plugin-runtime/association.js';
import type { PluginManifest } from '../../plugin-runtime/contract.js';
import { parseManifest } from '../../plugin-runtime/manifest.js';
import { runPluginCommand } from '../aggregates.js';
import { loadState } from '../command-handler.js';

const SYSTEM: EventMetadata = { source: 'system' };

/** The manifests of the plugins found in a plugins directory (folders with a plugin.json). */
export const shippedManifests = (pluginsDir: string): PluginManifest[] =>
  readdirSync(pluginsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = join(pluginsDir, entry.name, 'plugin.json');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      return [parseManifest(file, JSON.parse(text) as JsonValue, entry.name)];
    });

const infoOf = (manifest: PluginManifest): PluginInfo => ({
  version: manifest.version,
  description: manifest.description,
  ...(manifest.description_fr ? { description_fr: manifest.description_fr } : {}),
  capabilities: manifest.capabilities,
});

/**
 * Installs the plugins shipped with provd (PluginInstalled) the first time it meets them, and
 * upgrades them (PluginUpgraded) when provd ships a newer version. A shipped plugin an admin
 * uninstalled stays uninstalled. Returns the last position written.
 */
export const installShippedPlugins = async (
  store: EventStore,
  manifests: readonly PluginManifest[],
): Promise<number | undefined> => {
  let position: number | undefined;
  for (const manifest of manifests) {
    const { state, revision } = await loadState(store, pluginStream(manifest.id), pluginDecider);
    const installed = state.installed;
    let command: Parameters<typeof runPluginCommand>[1] | undefined;
    if (revision < 0) command = { type: 'InstallPlugin', pluginId: manifest.id, info: infoOf(manifest) };
    else if (installed && compareVersions(manifest.version, installed.version) > 0) {
      command = { type: 'UpgradePlugin', pluginId: manifest.id, info: infoOf(manifest) };
    }
    if (command === undefined) continue;
    const result = await runPluginCommand(store, command, SYSTEM);
    if (E.isLeft(result)) throw new Error(`plugin ${manifest.id}: ${result.left.message}`);
    position = result.right.position ?? position;
  }
  return position;
};
