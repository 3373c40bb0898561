import type { Decider } from '../../shared/decider.js';
import type { TenantCommand } from './commands.js';
import { decideTenant } from './decide.js';
import type { TenantEvent } from './events.js';
import { evolveTenant } from './evolve.js';
import { initialTenantState, type TenantState } from './state.js';

/** A tenant of the built-in authentication: one stream per tenant (`tenant-<uuid>`). */
export const tenantDecider: Decider<TenantCommand, TenantEvent, TenantState> = {
  initialState: initialTenantState,
  decide: decideTenant,
  evolve: evolveTenant,
};
