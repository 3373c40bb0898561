import { isJsonObject } from '../shared/json.js';
import type { DomainEventType } from './domain-event.js';

/** Turns data written at version N into the shape of version N + 1. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Upcasters by event type and the version they start from. A stored event is upcast one step at
 * a time up to the current version (./versions.ts), so each step only knows its neighbour.
 */
export const UPCASTERS: { readonly [T in DomainEventType]?: { readonly [fromVersion: number]: Upcaster } } = {
  RemoteStateReported: {
    // v1 is what a wazo-provd import writes: provd kept only `remote_state_sip_username`, not
    // which file was served nor its content.
    1: (data) => (isJsonObject(data) ? { ...data, filename: null, contentHash: null } : data),
  },
};
