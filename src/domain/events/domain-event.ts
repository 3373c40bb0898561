import type { EventMetadata } from '../../eventstore/envelope.js';
import type { TenantEvent } from '../auth/tenant/events.js';
import type { TokenEvent } from '../auth/token/events.js';
import type { ConfigEvent } from '../config/events.js';
import type { DeviceEvent } from '../device/events.js';
import type { PluginEvent } from '../plugin/events.js';
import type { SettingsEvent } from '../settings/events.js';

export type DomainEvent = DeviceEvent | ConfigEvent | SettingsEvent | PluginEvent | TokenEvent | TenantEvent;
export type DomainEventType = DomainEvent['type'];

/** A decoded, upcast event with its place in the log: what projections fold over. */
export type StoredDomainEvent<E extends DomainEvent = DomainEvent> = E & {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly recordedAt: Date;
  readonly metadata: EventMetadata;
};
