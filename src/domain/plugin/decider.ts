import type { Decider } from '../shared/decider.js';
import type { PluginCommand } from './commands.js';
import { decidePlugin } from './decide.js';
import type { PluginEvent } from './events.js';
import { evolvePlugin } from './evolve.js';
import { initialPluginState, type PluginState } from './state.js';

/** One installed plugin per stream (`plugin-<id>`), with its installed packages. */
export const pluginDecider: Decider<PluginCommand, PluginEvent, PluginState> = {
  initialState: initialPluginState,
  decide: decidePlugin,
  evolve: evolvePlugin,
};
