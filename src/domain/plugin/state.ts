import type { PluginInfo } from './events.js';

export interface InstalledPackage {
  readonly version: string;
  readonly sha256: string | null;
}

export interface PluginState {
  /** undefined while the plugin is not installed. */
  readonly installed: PluginInfo | undefined;
  readonly packages: { readonly [packageId: string]: InstalledPackage };
}

export const initialPluginState: PluginState = { installed: undefined, packages: {} };
