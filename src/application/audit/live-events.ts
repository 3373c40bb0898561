import type { EventStore, Subscription } from '../../eventstore/port.js';
import type { Audience } from './audience.js';
import { type AuditEvent, toAuditEvent } from './audit-event.js';
import { DeviceTenants } from './device-tenants.js';
import { eventMatcher } from './event-matcher.js';
import type { EventFilters } from './event-query.js';

export interface LiveEventHandlers {
  /**
   * Called once per matching event, in log order; the next one waits for the returned promise,
   * so a slow reader holds the subscription back instead of piling events up in memory.
   */
  onEvent(event: AuditEvent): void | Promise<void>;
  onError(error: unknown): void;
}

/**
 * The audit trail as it is written: the events after `after` (those already in the log first),
 * then every new one, filtered and scoped as a page is. Device events are shown without their
 * timeline `changes`, which only a device's whole history can tell.
 */
export const followEvents = (
  store: EventStore,
  filters: EventFilters,
  audience: Audience,
  after: number,
  handlers: LiveEventHandlers,
): Subscription => {
  const matches = eventMatcher(filters, audience, new DeviceTenants(store));
  return store.subscribe(
    { after },
    {
      onEvent: async (event) => {
        if (await matches(event)) await handlers.onEvent(toAuditEvent(event, audience.revealSecrets));
      },
      onError: handlers.onError,
    },
  );
};
