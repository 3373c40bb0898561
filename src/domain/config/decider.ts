import type { Decider } from '../shared/decider.js';
import type { ConfigCommand } from './commands.js';
import { decideConfig } from './decide.js';
import type { ConfigEvent } from './events.js';
import { evolveConfig } from './evolve.js';
import { type ConfigState, initialConfigState } from './state.js';

/** One config document per stream (`config-<id>`). */
export const configDecider: Decider<ConfigCommand, ConfigEvent, ConfigState> = {
  initialState: initialConfigState,
  decide: decideConfig,
  evolve: evolveConfig,
};
