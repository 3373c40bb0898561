import { castDraft, produce } from 'immer';
import { cloneJson } from '../shared/json.js';
import type { SettingsEvent } from './events.js';
import type { SettingsState } from './state.js';

export const evolveSettings = (state: SettingsState, event: SettingsEvent): SettingsState =>
  produce(state, (draft) => {
    switch (event.type) {
      case 'ParameterSet':
        draft.parameters[event.data.name] = event.data.value;
        return;
      case 'ProvisioningKeySet':
        draft.provisioningKeys[event.data.tenantUuid] = event.data.key;
        return;
      case 'TenantSettingsRemoved':
        delete draft.provisioningKeys[event.data.tenantUuid];
        return;
      case 'MasterTenantSet':
        draft.masterTenant = event.data.tenantUuid;
        return;
      case 'BaseRawConfigChanged':
        draft.baseRawConfig = castDraft(cloneJson(event.data.rawConfig));
        return;
    }
  });
