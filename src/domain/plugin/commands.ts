import type { PluginInfo } from './events.js';

/** Records a plugin installed from the index (the shell downloaded and extracted it). */
export interface InstallPlugin {
  readonly type: 'InstallPlugin';
  readonly pluginId: string;
  readonly info: PluginInfo;
}

/** Records a new version replacing the installed one. */
export interface UpgradePlugin {
  readonly type: 'UpgradePlugin';
  readonly pluginId: string;
  readonly info: PluginInfo;
}

export interface UninstallPlugin {
  readonly type: 'UninstallPlugin';
  readonly pluginId: string;
}

/** A firmware/language package of the plugin was installed (provd-spec §6.5). */
export interface InstallPluginPackage {
  readonly type: 'InstallPluginPackage';
  readonly pluginId: string;
  readonly packageId: string;
  readonly version: string;
  readonly sha256: string | null;
}

export interface UninstallPluginPackage {
  readonly type: 'UninstallPluginPackage';
  readonly pluginId: string;
  readonly packageId: string;
}

export type PluginCommand =
  | InstallPlugin
  | UpgradePlugin
  | UninstallPlugin
  | InstallPluginPackage
  | UninstallPluginPackage;
