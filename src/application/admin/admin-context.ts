import type { EventMetadata } from '../../eventstore/envelope.js';

/**
 * Who asks, on behalf of which tenant: what the REST layer resolved (provd-spec §1.3–§1.4), in
 * the terms the application needs. `visibleTenants` is the effective tenant and every tenant
 * below it (provd's "sub-tree").
 */
export interface Requester {
  readonly tenant: string;
  visibleTenants(): Promise<readonly string[]>;
  readonly metadata: EventMetadata;
}

/** A refusal the REST layer maps to a status; `message` is the plain-text body. */
export class AdminError extends Error {
  override readonly name = 'AdminError';

  constructor(
    readonly kind: 'not_found' | 'invalid' | 'conflict' | 'stale' | 'forbidden' | 'unavailable' | 'failed',
    message: string,
  ) {
    super(message);
  }
}
