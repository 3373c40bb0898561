import { describe, it } from 'vitest';
import { pluginDecider } from '../../../src/domain/plugin/decider.js';
import type { PluginEvent, PluginInfo } from '../../../src/domain/plugin/events.js';
import { spec } from '../../support/decider-spec.js';

const plugin = spec(pluginDecider);
const ID = 'test-plugin';
const v1: PluginInfo = {
  version: '1.0',
  description: 'test',
  capabilities: { '*, *, *': { 'sip.lines': 0 } },
};
const v2: PluginInfo = { ...v1, version: '2.0' };
const installed: PluginEvent = { type: 'PluginInstalled', data: { pluginId: ID, info: v1 } };
const uninstalled: PluginEvent = { type: 'PluginUninstalled', data: { pluginId: ID, version: '1.0' } };
const pkgInstalled = (version = '1', sha256: string | null = 'abc'): PluginEvent => ({
  type: 'PluginPackageInstalled',
  data: { pluginId: ID, packageId: 'testpkg', version, sha256 },
});
const installPkg = (version = '1', sha256: string | null = 'abc') =>
  ({ type: 'InstallPluginPackage', pluginId: ID, packageId: 'testpkg', version, sha256 }) as const;

describe('InstallPlugin', () => {
  it('installs a plugin', () => {
    plugin.given([]).when({ type: 'InstallPlugin', pluginId: ID, info: v1 }).then([installed]);
  });

  it('treats installing the installed version as a retry', () => {
    plugin.given([installed]).when({ type: 'InstallPlugin', pluginId: ID, info: v1 }).thenNothing();
  });

  it('refuses another version, suggesting an upgrade', () => {
    plugin
      .given([installed])
      .when({ type: 'InstallPlugin', pluginId: ID, info: v2 })
      .thenFails('invalid_state', /already installed \(version 1\.0\).*upgrade/);
  });

  it('installs again after an uninstall', () => {
    plugin
      .given([installed, uninstalled])
      .when({ type: 'InstallPlugin', pluginId: ID, info: v1 })
      .then([installed]);
  });
});

describe('UpgradePlugin', () => {
  it('records the new version and the one it replaces', () => {
    plugin
      .given([installed])
      .when({ type: 'UpgradePlugin', pluginId: ID, info: v2 })
      .then([{ type: 'PluginUpgraded', data: { pluginId: ID, fromVersion: '1.0', info: v2 } }]);
  });

  it('records nothing for the same version', () => {
    plugin.given([installed]).when({ type: 'UpgradePlugin', pluginId: ID, info: v1 }).thenNothing();
  });

  it('refuses a plugin that is not installed', () => {
    plugin
      .given([])
      .when({ type: 'UpgradePlugin', pluginId: ID, info: v2 })
      .thenFails('not_found', `plugin ${ID} is not installed`);
  });
});

describe('UninstallPlugin', () => {
  it('uninstalls the installed version', () => {
    plugin.given([installed]).when({ type: 'UninstallPlugin', pluginId: ID }).then([uninstalled]);
  });

  it('refuses a plugin that is not installed', () => {
    plugin.given([]).when({ type: 'UninstallPlugin', pluginId: ID }).thenFails('not_found');
    plugin
      .given([installed, uninstalled])
      .when({ type: 'UninstallPlugin', pluginId: ID })
      .thenFails('not_found');
  });
});

describe('plugin packages', () => {
  it('installs a package of an installed plugin', () => {
    plugin.given([installed]).when(installPkg()).then([pkgInstalled()]);
  });

  it('treats the same package again as a retry, a new version or content as a reinstall', () => {
    plugin.given([installed, pkgInstalled()]).when(installPkg()).thenNothing();
    plugin
      .given([installed, pkgInstalled()])
      .when(installPkg('2'))
      .then([pkgInstalled('2')]);
    plugin
      .given([installed, pkgInstalled()])
      .when(installPkg('1', 'def'))
      .then([pkgInstalled('1', 'def')]);
  });

  it('refuses packages of a plugin that is not installed', () => {
    plugin.given([]).when(installPkg()).thenFails('not_found');
    plugin
      .given([])
      .when({ type: 'UninstallPluginPackage', pluginId: ID, packageId: 'testpkg' })
      .thenFails('not_found');
  });

  it('uninstalls an installed package only', () => {
    plugin
      .given([installed, pkgInstalled()])
      .when({ type: 'UninstallPluginPackage', pluginId: ID, packageId: 'testpkg' })
      .then([{ type: 'PluginPackageUninstalled', data: { pluginId: ID, packageId: 'testpkg' } }]);
    plugin
      .given([installed])
      .when({ type: 'UninstallPluginPackage', pluginId: ID, packageId: 'testpkg' })
      .thenFails('not_found', 'package testpkg is not installed');
  });

  it('forgets packages when the plugin is uninstalled', () => {
    plugin
      .given([installed, pkgInstalled(), uninstalled, installed])
      .when({ type: 'UninstallPluginPackage', pluginId: ID, packageId: 'testpkg' })
      .thenFails('not_found');
  });
});
