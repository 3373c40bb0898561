import { deviceStream } from '../../domain/streams.js';
import type { RecordedEvent } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';

/** Event types that put a device in a tenant (discovery and creation start a new life). */
const PLACING = new Set(['DeviceDiscovered', 'DeviceCreated', 'TenantAssigned']);

/**
 * The tenant a device is in right after one of its events: set by discovery, creation and
 * TenantAssigned, kept through deletion (its last tenant owns the deletion). Read straight from
 * the recorded data so that the events of a device stay attributable even when an event of its
 * stream cannot be decoded.
 */
export const tenantAfter = (previous: string | undefined, event: RecordedEvent): string | undefined => {
  if (!PLACING.has(event.type)) return previous;
  const tenant = (event.data as { tenantUuid?: unknown } | null)?.tenantUuid;
  return typeof tenant === 'string' ? tenant : previous;
};

/**
 * Which tenant a device was in at each revision of its stream, read once per device and
 * extended as the stream grows: what tenant scoping of the audit trail asks for every device
 * event. Bounded: past `maxDevices` devices the memory is dropped and streams are read again.
 */
export class DeviceTenants {
  readonly #byDevice = new Map<string, (string | undefined)[]>();

  constructor(
    private readonly store: EventStore,
    private readonly maxDevices = 10_000,
  ) {}

  async at(deviceId: string, revision: number): Promise<string | undefined> {
    let known = this.#byDevice.get(deviceId);
    if (known === undefined) {
      if (this.#byDevice.size >= this.maxDevices) this.#byDevice.clear();
      known = [];
      this.#byDevice.set(deviceId, known);
    }
    if (revision >= known.length) {
      for await (const event of this.store.readStream(deviceStream(deviceId), {
        fromRevision: known.length,
      })) {
        known.push(tenantAfter(known.at(-1), event));
        if (event.revision >= revision) break;
      }
    }
    return known[Math.min(revision, known.length - 1)];
  }
}
