import type { JsonObject } from '../../domain/shared/json.js';
import type { EventStore } from '../../eventstore/port.js';
import type { Audience } from './audience.js';
import { deviceAt } from './device-at.js';
import { PointInTime } from './point-in-time.js';
import { maskSecrets } from './secrets.js';

export interface PluginVersionView {
  readonly id: string;
  /** null: the plugin was not installed then. */
  readonly version: string | null;
}

/** `GET /audit/devices/{id}/state` and `provd state`. */
export interface DeviceStateView {
  readonly device: JsonObject;
  /** The device's config flattened over the base raw config as it was then; null: none. */
  readonly config: JsonObject | null;
  readonly plugin: PluginVersionView | null;
}

const masked = (value: JsonObject, reveal: boolean): JsonObject =>
  reveal ? value : (maskSecrets(value) as JsonObject);

/**
 * A device as it was at an instant, with what decided its files then: its config flattened as
 * the configs and the base raw config were then, and the version of its plugin installed then.
 * Each comes from folding the streams concerned up to the instant.
 */
export const deviceStateAt = async (
  store: EventStore,
  deviceId: string,
  at: Date,
  audience: Audience,
): Promise<DeviceStateView> => {
  const point = new PointInTime(store, at);
  const device = await deviceAt(store, point, deviceId, audience);
  const config = device.config === undefined ? undefined : await point.flattened(device.config);
  const plugin =
    device.plugin === undefined
      ? null
      : { id: device.plugin, version: (await point.plugin(device.plugin)).installed?.version ?? null };
  return {
    device: masked(device as JsonObject, audience.revealSecrets),
    config: config === undefined ? null : masked(config, audience.revealSecrets),
    plugin,
  };
};
