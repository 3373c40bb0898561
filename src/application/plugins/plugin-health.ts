/** Installed plugins against running ones: a plugin the log says is installed may fail to load. */
export interface PluginHealth {
  readonly installed: number;
  readonly loaded: number;
  /** Installed plugins that are not running (code failed to load, or folder missing): see the log. */
  readonly notLoaded: readonly string[];
}

export const pluginHealth = (
  installed: readonly { readonly id: string }[],
  isLoaded: (id: string) => boolean,
): PluginHealth => {
  const notLoaded = installed.map(({ id }) => id).filter((id) => !isLoaded(id));
  return { installed: installed.length, loaded: installed.length - notLoaded.length, notLoaded };
};
