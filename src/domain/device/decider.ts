import type { Decider } from '../shared/decider.js';
import type { DeviceCommand } from './commands.js';
import { decideDevice } from './decide.js';
import type { DeviceEvent } from './events.js';
import { evolveDevice } from './evolve.js';
import { type DeviceState, initialDeviceState } from './state.js';

/** One device per stream (`device-<id>`). */
export const deviceDecider: Decider<DeviceCommand, DeviceEvent, DeviceState> = {
  initialState: initialDeviceState,
  decide: decideDevice,
  evolve: evolveDevice,
};
