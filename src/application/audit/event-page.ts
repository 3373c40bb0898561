import type { EventStore } from '../../eventstore/port.js';
import type { Audience } from './audience.js';
import { type AuditEvent, toAuditEvent } from './audit-event.js';
import { DeviceTenants } from './device-tenants.js';
import { deviceTimeline } from './device-timeline.js';
import { eventMatcher } from './event-matcher.js';
import type { EventQuery } from './event-query.js';

export interface EventPage {
  readonly events: readonly AuditEvent[];
  /**
   * Pass as `after` for the next page; null once the log (or the `to` instant) is reached. A
   * page may hold fewer events than asked — none, even — with a non-null `next_after`: a request
   * reads at most {@link SCAN_BUDGET} events of the log, so rare events cannot make it read the
   * whole log at once.
   */
  readonly nextAfter: number | null;
  /** The position of the last event in the log when the page was read. */
  readonly head: number;
}

/** Events of the log one request reads at most, matching or not. */
export const SCAN_BUDGET = 10_000;

/**
 * One page of the audit trail. With `device`, the device's timeline (src/application/audit/
 * device-timeline.ts), each event with what it changed; otherwise the log itself in position
 * order, filtered and scoped to the audience.
 */
export const readEventPage = async (
  store: EventStore,
  query: EventQuery,
  audience: Audience,
  masterTenant: string | undefined,
): Promise<EventPage | undefined> => {
  const head = await store.headPosition();
  if (query.device !== undefined) return timelinePage(store, query, audience, masterTenant, head);
  const matches = eventMatcher({ ...query, to: undefined }, audience, new DeviceTenants(store));
  const events: AuditEvent[] = [];
  let scanned = 0;
  let last = query.after;
  for await (const event of store.readAll({ after: query.after, limit: SCAN_BUDGET })) {
    // The log is in time order but for clock steps: the window ends at the first later event,
    // as a stream read `until` an instant does.
    if (query.to !== undefined && event.recordedAt.getTime() > query.to.getTime()) {
      return { events, nextAfter: null, head };
    }
    scanned++;
    last = event.position;
    if (await matches(event)) {
      events.push(toAuditEvent(event, audience.revealSecrets));
      if (events.length === query.limit) return { events, nextAfter: last < head ? last : null, head };
    }
  }
  return { events, nextAfter: scanned === SCAN_BUDGET && last < head ? last : null, head };
};

const timelinePage = async (
  store: EventStore,
  query: EventQuery,
  audience: Audience,
  masterTenant: string | undefined,
  head: number,
): Promise<EventPage | undefined> => {
  const entries = await deviceTimeline(store, query.device!, audience, masterTenant);
  if (entries === undefined || entries.length === 0) return undefined;
  const selected = entries.filter(({ event, deviceEvent, tenant }) => {
    const at = event.recordedAt.getTime();
    return (
      event.position > query.after &&
      (query.types === undefined || query.types.has(event.type)) &&
      (query.from === undefined || at >= query.from.getTime()) &&
      (query.to === undefined || at <= query.to.getTime()) &&
      (query.tenant === undefined || (deviceEvent && tenant === query.tenant))
    );
  });
  const page = selected.slice(0, query.limit);
  return {
    events: page.map(({ event, changes }) => toAuditEvent(event, audience.revealSecrets, changes)),
    nextAfter: selected.length > query.limit ? page.at(-1)!.event.position : null,
    head,
  };
};
