import type { TokenFields } from './events.js';

/**
 * Records a new token. The shell generates the id and the secret, hashes the secret and reads
 * the clock; the decider never sees the secret itself.
 */
export interface CreateToken extends TokenFields {
  readonly type: 'CreateToken';
}

export interface RevokeToken {
  readonly type: 'RevokeToken';
  readonly tokenId: string;
}

export type TokenCommand = CreateToken | RevokeToken;
