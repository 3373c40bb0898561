import type { ServerRefusal } from '../client/provd-client.js';

/** provd's package service of a plugin: `/pg_mgr/plugins/<id>/install/…`. */
export const packagePath = (pluginId: string, action: string): string =>
  `/pg_mgr/plugins/${encodeURIComponent(pluginId)}/install/${action}`;

/** provd answers 404 alike for a plugin that is not installed and for one without packages. */
export const packageHints =
  (pluginId: string) =>
  (refusal: ServerRefusal): string[] =>
    refusal.status === 404
      ? [`plugin ${pluginId} is not installed or offers no packages: see \`provd plugin list\``]
      : [`\`provd plugin packages ${pluginId}\` shows its packages`];
