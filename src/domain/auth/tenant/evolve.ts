import type { TenantEvent } from './events.js';
import type { TenantState } from './state.js';

export const evolveTenant = (_state: TenantState, event: TenantEvent): TenantState => {
  switch (event.type) {
    case 'TenantCreated':
      return { tenant: { parentUuid: event.data.parentUuid, name: event.data.name } };
    case 'TenantDeleted':
      return { tenant: undefined };
  }
};
