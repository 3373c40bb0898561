import type { TokenEvent } from './events.js';
import type { TokenState } from './state.js';

export const evolveToken = (state: TokenState, event: TokenEvent): TokenState => {
  switch (event.type) {
    case 'TokenCreated':
      return { token: event.data, revoked: false };
    case 'TokenRevoked':
      return { ...state, revoked: true };
  }
};
