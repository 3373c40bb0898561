import { settingsDecider } from '../../domain/settings/decider.js';
import { SETTINGS_STREAM } from '../../domain/streams.js';
import type { EventStore, Subscription } from '../../eventstore/port.js';
import { AdminError } from '../admin/admin-context.js';
import { loadState } from '../command-handler.js';
import type { Audience } from './audience.js';
import { type EventPage, readEventPage } from './event-page.js';
import type { EventFilters, EventQuery } from './event-query.js';
import { type DeviceFilesAt, deviceFilesAt } from './files-at.js';
import { followEvents, type LiveEventHandlers } from './live-events.js';
import type { PluginVersions } from './plugin-versions.js';
import { type DeviceStateView, deviceStateAt } from './state-at.js';

export interface AuditServiceDeps {
  readonly store: EventStore;
  readonly plugins: PluginVersions;
  /** provd's `url_key` strategy: files are rendered as the server renders them. */
  readonly urlKey: boolean;
}

/**
 * What auditors ask of the log — what happened, what a device was and what its phone would have
 * received at an instant — answered from the event log alone, so the REST API of a running
 * server and `provd` on a stopped server's data directory give the same answers. Refusals are
 * AdminError (`not_found`, `invalid`), which the REST layer maps to 404 and 400.
 */
export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  /** A page of the trail; with `device`, that device's timeline (404 when it has none to show). */
  async events(query: EventQuery, audience: Audience): Promise<EventPage> {
    const page = await readEventPage(this.deps.store, query, audience, await this.#masterTenant());
    if (page === undefined) throw new AdminError('not_found', `No such device: ${query.device}`);
    return page;
  }

  /** Follows the trail from `after` (default: now); close the subscription to stop. */
  async follow(
    filters: EventFilters,
    audience: Audience,
    after: number | undefined,
    handlers: LiveEventHandlers,
  ): Promise<Subscription> {
    const from = after ?? (await this.deps.store.headPosition());
    return followEvents(this.deps.store, filters, audience, from, handlers);
  }

  head(): Promise<number> {
    return this.deps.store.headPosition();
  }

  stateAt(deviceId: string, at: Date, audience: Audience): Promise<DeviceStateView> {
    return deviceStateAt(this.deps.store, deviceId, at, audience);
  }

  filesAt(deviceId: string, at: Date, audience: Audience): Promise<DeviceFilesAt> {
    return deviceFilesAt(this.deps.store, deviceId, at, audience, {
      plugins: this.deps.plugins,
      urlKey: this.deps.urlKey,
    });
  }

  /** Removes the old plugin versions extracted for rendering. */
  close(): Promise<void> {
    return this.deps.plugins.close();
  }

  async #masterTenant(): Promise<string | undefined> {
    return (await loadState(this.deps.store, SETTINGS_STREAM, settingsDecider)).state.masterTenant;
  }
}
