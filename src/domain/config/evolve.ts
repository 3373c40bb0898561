import type { ConfigEvent } from './events.js';
import { type ConfigState, initialConfigState } from './state.js';

export const evolveConfig = (_state: ConfigState, event: ConfigEvent): ConfigState => {
  switch (event.type) {
    case 'ConfigCreated':
    case 'ConfigUpdated':
      return { config: event.data.config };
    case 'ConfigDeleted':
      return initialConfigState;
  }
};
