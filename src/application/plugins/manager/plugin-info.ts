import type { PluginInfo } from '../../../domain/plugin/events.js';
import type { PluginManifest, PluginPackageDefinition } from '../../../plugin-runtime/contract.js';
import type { IndexEntry } from '../repository/plugin-index.js';

/** `/pg_mgr/install/installed`: what an installed plugin says of itself. */
export interface InstalledPluginInfo {
  readonly version: string;
  readonly description: string;
  readonly description_fr?: string;
  readonly capabilities: NonNullable<PluginInfo['capabilities']>;
}

/** `/pg_mgr/install/installable`: an index entry without its file name. */
export type InstallablePluginInfo = Omit<IndexEntry, 'filename'>;

/** `/pg_mgr/plugins/<id>/install/installed`. */
export interface PackageInfo {
  readonly version: string;
  readonly description: string;
  readonly description_fr?: string;
}

/** `/pg_mgr/plugins/<id>/install/installable`. */
export interface InstallablePackageInfo extends PackageInfo {
  /** Sum of the package's file sizes. */
  readonly dsize: number;
}

/** What PluginInstalled / PluginUpgraded record of a plugin version. */
export const infoOf = (manifest: PluginManifest, sha256?: string): PluginInfo => ({
  version: manifest.version,
  description: manifest.description,
  ...(manifest.description_fr === undefined ? {} : { description_fr: manifest.description_fr }),
  capabilities: manifest.capabilities,
  ...(sha256 === undefined ? {} : { sha256 }),
});

export const installedInfo = (info: PluginInfo): InstalledPluginInfo => ({
  version: info.version,
  description: info.description ?? '',
  ...(info.description_fr === undefined ? {} : { description_fr: info.description_fr }),
  capabilities: info.capabilities ?? {},
});

export const packageInfo = (pkg: PluginPackageDefinition): PackageInfo => ({
  version: pkg.version,
  description: pkg.description,
  ...(pkg.description_fr === undefined ? {} : { description_fr: pkg.description_fr }),
});
