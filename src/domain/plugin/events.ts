/** What the plugin index says of a plugin version (provd-spec §6.1). */
export interface PluginInfo {
  readonly version: string;
  readonly description?: string;
  readonly description_fr?: string;
  readonly capabilities?: { readonly [model: string]: { readonly [key: string]: unknown } };
  /** sha256 (hex) of the package that was installed. */
  readonly sha256?: string;
}

export interface PluginInstalled {
  readonly type: 'PluginInstalled';
  readonly data: { readonly pluginId: string; readonly info: PluginInfo };
}

/** A new version replaced the installed one: every device of the plugin must be re-rendered. */
export interface PluginUpgraded {
  readonly type: 'PluginUpgraded';
  readonly data: { readonly pluginId: string; readonly fromVersion: string; readonly info: PluginInfo };
}

export interface PluginUninstalled {
  readonly type: 'PluginUninstalled';
  readonly data: { readonly pluginId: string; readonly version: string };
}

/** A firmware/language package of the plugin was installed into its doc root (provd-spec §6.5). */
export interface PluginPackageInstalled {
  readonly type: 'PluginPackageInstalled';
  readonly data: {
    readonly pluginId: string;
    readonly packageId: string;
    readonly version: string;
    readonly sha256: string | null;
  };
}

export interface PluginPackageUninstalled {
  readonly type: 'PluginPackageUninstalled';
  readonly data: { readonly pluginId: string; readonly packageId: string };
}

export type PluginEvent =
  | PluginInstalled
  | PluginUpgraded
  | PluginUninstalled
  | PluginPackageInstalled
  | PluginPackageUninstalled;
export type PluginEventType = PluginEvent['type'];
