import type { Decider } from '../../shared/decider.js';
import type { TokenCommand } from './commands.js';
import { decideToken } from './decide.js';
import type { TokenEvent } from './events.js';
import { evolveToken } from './evolve.js';
import { initialTokenState, type TokenState } from './state.js';

/** A built-in API token: one stream per token (`token-<id>`). */
export const tokenDecider: Decider<TokenCommand, TokenEvent, TokenState> = {
  initialState: initialTokenState,
  decide: decideToken,
  evolve: evolveToken,
};
