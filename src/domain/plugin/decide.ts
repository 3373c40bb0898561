import * as E from 'fp-ts/lib/Either.js';
import { type DomainError, domainError } from '../shared/errors.js';
import type { PluginCommand } from './commands.js';
import type { PluginEvent } from './events.js';
import type { PluginState } from './state.js';

type Decision = E.Either<DomainError, readonly PluginEvent[]>;

const nothing: Decision = E.right([]);

const notInstalled = (pluginId: string): DomainError =>
  domainError('not_found', `plugin ${pluginId} is not installed`);

/**
 * Installing what is already there is a retry and changes nothing; installing over another
 * version is a mistake the caller should turn into an upgrade.
 */
export const decidePlugin = (command: PluginCommand, state: PluginState): Decision => {
  const { pluginId } = command;
  const installed = state.installed;
  if (command.type === 'InstallPlugin') {
    if (installed === undefined)
      return E.right([{ type: 'PluginInstalled', data: { pluginId, info: command.info } }]);
    if (installed.version === command.info.version) return nothing;
    return E.left(
      domainError(
        'invalid_state',
        `plugin ${pluginId} is already installed (version ${installed.version}); ` +
          `upgrade it to get version ${command.info.version}`,
      ),
    );
  }
  if (installed === undefined) return E.left(notInstalled(pluginId));
  switch (command.type) {
    case 'UpgradePlugin':
      if (installed.version === command.info.version) return nothing;
      return E.right([
        { type: 'PluginUpgraded', data: { pluginId, fromVersion: installed.version, info: command.info } },
      ]);
    case 'UninstallPlugin':
      return E.right([{ type: 'PluginUninstalled', data: { pluginId, version: installed.version } }]);
    case 'InstallPluginPackage': {
      const { packageId, version, sha256 } = command;
      const current = Object.hasOwn(state.packages, packageId) ? state.packages[packageId] : undefined;
      // The same package again is a retry; a new version or new content is a real reinstall.
      if (current?.version === version && current.sha256 === sha256) return nothing;
      return E.right([{ type: 'PluginPackageInstalled', data: { pluginId, packageId, version, sha256 } }]);
    }
    case 'UninstallPluginPackage': {
      const { packageId } = command;
      if (!Object.hasOwn(state.packages, packageId)) {
        return E.left(domainError('not_found', `package ${packageId} is not installed`));
      }
      return E.right([{ type: 'PluginPackageUninstalled', data: { pluginId, packageId } }]);
    }
  }
};
