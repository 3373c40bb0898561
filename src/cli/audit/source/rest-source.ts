import type { AuditEvent } from '../../../application/audit/audit-event.js';
import type { RawQuery } from '../../../application/audit/event-query.js';
import type { DeviceFilesAt } from '../../../application/audit/files-at.js';
import type { DeviceStateView } from '../../../application/audit/state-at.js';
import { normalizeMac } from '../../../plugin-runtime/mac.js';
import { type ProvdClient, ServerRefusal } from '../../plugin/client/provd-client.js';
import { CliFailure, UsageError } from '../../shared/errors.js';
import type { AuditSource, EventPageJson } from './audit-source.js';
import { readEventStream, StreamRefused } from './event-stream-reader.js';

/** Reconnections tried, a second apart, before `--follow` gives up on a server that went away. */
const RECONNECTIONS = 5;

const TOKEN_HINTS = [
  'an unknown, revoked or expired token, or one without the provd.audit ACLs (provd.audit.secrets.read for --show-secrets)',
  '`provd token create` (on the server) makes one; pass it with --token or PROVD_TOKEN',
];

/** The server's "no" to a question that was wrong (bad input, no such device) is a usage error. */
const refusalsAsUsage = async <T>(work: Promise<T>): Promise<T> =>
  work.catch((error: unknown) => {
    if (error instanceof ServerRefusal && (error.status === 400 || error.status === 404)) {
      throw new UsageError(error.reason);
    }
    if (error instanceof ServerRefusal && error.status === 401)
      throw new ServerRefusal(401, error.reason, TOKEN_HINTS);
    throw error;
  });

const queryString = (query: RawQuery): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
};

/** The audit trail of a running server, over its REST API (`--url`, `--token`). */
export class RestAuditSource implements AuditSource {
  readonly description: string;

  constructor(
    private readonly client: ProvdClient,
    private readonly revealSecrets: boolean,
  ) {
    this.description = `provd at ${client.connection.baseUrl}`;
  }

  events(query: RawQuery): Promise<EventPageJson> {
    return refusalsAsUsage(this.client.get<EventPageJson>(`/audit/events${queryString(this.#query(query))}`));
  }

  async follow(query: RawQuery, after: number, onEvent: (event: AuditEvent) => void): Promise<void> {
    const url = this.client.url(`/audit/events/stream${queryString(this.#query(query))}`);
    let last = String(after);
    let failures = 0;
    for (;;) {
      let reason = 'the server ended the stream';
      try {
        await readEventStream(
          url,
          this.client.connection.token,
          last,
          () => {
            failures = 0;
          },
          (frame) => {
            if (frame.data === '' || frame.id === undefined) return;
            last = frame.id;
            onEvent(JSON.parse(frame.data) as AuditEvent);
          },
        );
      } catch (error) {
        if (error instanceof StreamRefused) {
          if (error.status === 401) throw new ServerRefusal(401, 'the token was refused', TOKEN_HINTS);
          if (error.status === 400 || error.status === 404) throw new UsageError(error.reason);
          if (error.status !== 503) throw new ServerRefusal(error.status, error.reason);
        }
        reason =
          error instanceof Error
            ? ((error.cause as Error | undefined)?.message ?? error.message) || error.name
            : String(error);
      }
      if (++failures > RECONNECTIONS) {
        throw new CliFailure(
          `lost the event stream of provd at ${this.client.connection.baseUrl}: ${reason}`,
          [
            'is the server still running? `provd events tail --after <last position>` picks up where this stopped',
          ],
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  state(deviceId: string, at: string): Promise<DeviceStateView> {
    return refusalsAsUsage(
      this.client.get<DeviceStateView>(
        `/audit/devices/${encodeURIComponent(deviceId)}/state${queryString(this.#query({ at }))}`,
      ),
    );
  }

  files(deviceId: string, at: string): Promise<DeviceFilesAt> {
    return refusalsAsUsage(
      this.client.get<DeviceFilesAt>(
        `/audit/devices/${encodeURIComponent(deviceId)}/files${queryString(this.#query({ at }))}`,
      ),
    );
  }

  /**
   * A MAC is looked up among the devices that exist now (`/dev_mgr/devices`, which needs
   * `provd.dev_mgr.devices.read`); a deleted device is found by its id.
   */
  async resolveDevice(idOrMac: string): Promise<string> {
    const mac = normalizeMac(idOrMac);
    if (mac === undefined) return idOrMac;
    const q = encodeURIComponent(JSON.stringify({ mac }));
    const found = await refusalsAsUsage(
      this.client.get<{ devices: { id: string }[] }>(`/dev_mgr/devices?q=${q}&recurse=true`),
    );
    const ids = found.devices.map((device) => device.id);
    if (ids.length === 1) return ids[0]!;
    if (ids.length === 0) return idOrMac;
    throw new UsageError(`${ids.length} devices have the MAC address ${mac}: ${ids.join(', ')}; give an id`);
  }

  async close(): Promise<void> {}

  #query(query: RawQuery): RawQuery {
    return this.revealSecrets ? { ...query, show_secrets: 'true' } : query;
  }
}
