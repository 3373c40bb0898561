import { deviceStream, streamCategory } from '../../domain/streams.js';
import type { RecordedEvent } from '../../eventstore/envelope.js';
import { type Audience, seesTenant } from './audience.js';
import type { DeviceTenants } from './device-tenants.js';
import type { EventFilters } from './event-query.js';

const DEVICE_PREFIX = deviceStream('');

/**
 * Whether one event of the log belongs in an audience's answer to the filters (the end of the
 * time window excepted: a page stops there, a live stream never gets there). Shared by the
 * paged feed and the live stream so both answer the same question the same way.
 *
 * A device event is visible to whoever sees the tenant the device was in after it; every other
 * event (configs, plugins, settings, tokens, tenants) to those who see everything.
 */
export const eventMatcher = (filters: EventFilters, audience: Audience, tenants: DeviceTenants) => {
  const needsTenant = !audience.everything || filters.tenant !== undefined;
  const deviceStreamName = filters.device === undefined ? undefined : deviceStream(filters.device);
  return async (event: RecordedEvent): Promise<boolean> => {
    if (filters.types !== undefined && !filters.types.has(event.type)) return false;
    if (filters.from !== undefined && event.recordedAt.getTime() < filters.from.getTime()) return false;
    if (filters.to !== undefined && event.recordedAt.getTime() > filters.to.getTime()) return false;
    if (deviceStreamName !== undefined && event.stream !== deviceStreamName) return false;
    if (streamCategory(event.stream) !== 'device') return audience.everything && filters.tenant === undefined;
    if (!needsTenant) return true;
    const tenant = await tenants.at(event.stream.slice(DEVICE_PREFIX.length), event.revision);
    if (filters.tenant !== undefined && tenant !== filters.tenant) return false;
    return seesTenant(audience, tenant);
  };
};
