import { castDraft, produce } from 'immer';
import type { PluginEvent } from './events.js';
import { initialPluginState, type PluginState } from './state.js';

export const evolvePlugin = (state: PluginState, event: PluginEvent): PluginState => {
  switch (event.type) {
    case 'PluginInstalled':
      return { installed: event.data.info, packages: {} };
    // Uninstalling removes the plugin directory, installed packages included.
    case 'PluginUninstalled':
      return initialPluginState;
  }
  return produce(state, (draft) => {
    switch (event.type) {
      case 'PluginUpgraded':
        draft.installed = castDraft(event.data.info);
        return;
      case 'PluginPackageInstalled':
        draft.packages[event.data.packageId] = { version: event.data.version, sha256: event.data.sha256 };
        return;
      case 'PluginPackageUninstalled':
        delete draft.packages[event.data.packageId];
        return;
    }
  });
};
