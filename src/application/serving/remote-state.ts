import * as E from 'fp-ts/lib/Either.js';
import type { DeviceDocument } from '../../domain/device/document.js';
import { isJsonObject } from '../../domain/shared/json.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import type { ConfigReadModel } from '../../projections/configs/config-read-model.js';
import { runDeviceCommand } from '../aggregates.js';

/**
 * Records which configuration a phone really fetched (provd-spec §3.7): when a phone downloads
 * its trigger file, the SIP username of line 1 of its own config and the served content's hash.
 * The last report per device is remembered so a phone polling an unchanged file costs no read
 * of its stream; the decider drops a report that changes nothing anyway.
 */
export class RemoteStateRecorder {
  readonly #lastHash = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly configs: ConfigReadModel,
    private readonly maxRemembered = 200_000,
  ) {}

  async record(device: DeviceDocument, filename: string, contentHash: string, metadata: EventMetadata) {
    if (this.#lastHash.get(device.id) === contentHash) return;
    const result = await runDeviceCommand(
      this.store,
      {
        type: 'ReportRemoteState',
        deviceId: device.id,
        sipUsername: lineOneUsername(this.configs, device.config),
        filename,
        contentHash,
      },
      metadata,
    );
    if (E.isLeft(result)) return;
    if (this.#lastHash.size >= this.maxRemembered) this.#lastHash.clear();
    this.#lastHash.set(device.id, contentHash);
  }
}

/** From the device's own config document, not the flattened one (as provd does). */
const lineOneUsername = (configs: ConfigReadModel, configId: string | undefined): string | null => {
  if (configId === undefined) return null;
  const lines = configs.get(configId)?.raw_config.sip_lines;
  const line = isJsonObject(lines) ? lines['1'] : undefined;
  return isJsonObject(line) && typeof line.username === 'string' ? line.username : null;
};
