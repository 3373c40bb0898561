import type { AuditEvent } from '../../../application/audit/audit-event.js';
import type { RawQuery } from '../../../application/audit/event-query.js';
import type { DeviceFilesAt } from '../../../application/audit/files-at.js';
import type { DeviceStateView } from '../../../application/audit/state-at.js';

/** A page of the audit trail as the REST API answers it. */
export interface EventPageJson {
  readonly events: readonly AuditEvent[];
  readonly next_after: number | null;
  readonly head: number;
}

/**
 * Where `provd history`, `state`, `files` and `events` get their answers: a running server's
 * REST API, or a data directory read directly. Both answer in the REST API's JSON, so the
 * commands print the same thing either way. Queries are the REST API's parameters, instants
 * already in ISO 8601 UTC. Whether secrets are shown is decided when the source is opened.
 */
export interface AuditSource {
  /** Says where answers come from, for the first line of readable output. */
  readonly description: string;
  events(query: RawQuery): Promise<EventPageJson>;
  /**
   * Calls `onEvent` for every matching event after `after`, then for each new one, until the
   * process is stopped; rejects when the trail can no longer be followed.
   */
  follow(query: RawQuery, after: number, onEvent: (event: AuditEvent) => void): Promise<void>;
  state(deviceId: string, at: string): Promise<DeviceStateView>;
  files(deviceId: string, at: string): Promise<DeviceFilesAt>;
  /** A device id from an id or a MAC address (of a device that exists now). */
  resolveDevice(idOrMac: string): Promise<string>;
  close(): Promise<void>;
}
