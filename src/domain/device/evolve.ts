import { castDraft, produce } from 'immer';
import { applyDeviceEvent } from './document-evolve.js';
import type { DeviceEvent } from './events.js';
import { type DeviceState, initialDeviceState } from './state.js';

/**
 * Folds one event into the aggregate state. Creation and deletion start a fresh life: nothing
 * from a previous device with the same id survives.
 */
export const evolveDevice = (state: DeviceState, event: DeviceEvent): DeviceState => {
  const fresh =
    event.type === 'DeviceDiscovered' || event.type === 'DeviceCreated' || event.type === 'DeviceDeleted';
  return produce(fresh ? initialDeviceState : state, (draft) => {
    // No master tenant here: the aggregate never reads is_new (see state.ts).
    draft.document = castDraft(applyDeviceEvent(state.document, event, undefined));
    if (event.type === 'RemoteStateReported') {
      const { sipUsername, filename, contentHash } = event.data;
      draft.remoteState = { sipUsername, filename, contentHash };
    }
    if (event.type === 'DeviceConfigurationChanged') draft.configurationError = event.data.error;
  });
};
