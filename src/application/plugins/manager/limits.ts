/** Bounds on what the plugin manager downloads and extracts. */
export interface PluginManagerLimits {
  /** A plugin package (tar.gz) and what it may extract to. */
  readonly maxPluginBytes: number;
  /** One file of a plugin package (firmware images are the large ones). */
  readonly maxPackageFileBytes: number;
  /** `plugins.db`. */
  readonly maxIndexBytes: number;
  /** Entries in a plugin package. */
  readonly maxPluginEntries: number;
  /** A download fails when the server stays silent this long. */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_LIMITS: PluginManagerLimits = {
  maxPluginBytes: 256 * 1024 * 1024,
  maxPackageFileBytes: 1024 * 1024 * 1024,
  maxIndexBytes: 16 * 1024 * 1024,
  maxPluginEntries: 20_000,
  idleTimeoutMs: 30_000,
};
