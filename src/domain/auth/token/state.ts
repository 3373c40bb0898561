import type { TokenFields } from './events.js';

export interface TokenState {
  /** undefined until the token is created. */
  readonly token: TokenFields | undefined;
  readonly revoked: boolean;
}

export const initialTokenState: TokenState = { token: undefined, revoked: false };
