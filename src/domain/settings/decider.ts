import type { Decider } from '../shared/decider.js';
import type { SettingsCommand } from './commands.js';
import { decideSettings } from './decide.js';
import type { SettingsEvent } from './events.js';
import { evolveSettings } from './evolve.js';
import { initialSettingsState, type SettingsState } from './state.js';

/**
 * Server-wide parameters, per-tenant settings and the base raw config: one stream (`settings`),
 * so provisioning-key uniqueness across tenants is decided on a single consistent state.
 */
export const settingsDecider: Decider<SettingsCommand, SettingsEvent, SettingsState> = {
  initialState: initialSettingsState,
  decide: decideSettings,
  evolve: evolveSettings,
};
