import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { DomainError } from '../shared/errors.js';
import { jsonEqual } from '../shared/json.js';
import type { SettingsCommand } from './commands.js';
import type { SettingsEvent } from './events.js';
import type { SettingsState } from './state.js';
import { checkParameter, checkProvisioningKey } from './validation.js';

type Decision = E.Either<DomainError, readonly SettingsEvent[]>;

const nothing: Decision = E.right([]);

/** Every setting records a change only: re-sending the current value writes nothing. */
export const decideSettings = (command: SettingsCommand, state: SettingsState): Decision => {
  switch (command.type) {
    case 'SetParameter': {
      const { name } = command;
      return pipe(
        checkParameter(name, command.value),
        E.map((value): readonly SettingsEvent[] =>
          Object.hasOwn(state.parameters, name) && state.parameters[name] === value
            ? []
            : [{ type: 'ParameterSet', data: { name, value } }],
        ),
      );
    }
    case 'SetProvisioningKey': {
      const { tenantUuid } = command;
      return pipe(
        checkProvisioningKey(tenantUuid, command.key, state.provisioningKeys),
        // A tenant that never set a key reads as null already.
        E.map((key): readonly SettingsEvent[] =>
          (state.provisioningKeys[tenantUuid] ?? null) === key
            ? []
            : [{ type: 'ProvisioningKeySet', data: { tenantUuid, key } }],
        ),
      );
    }
    case 'RemoveTenantSettings':
      // Tenant clean-up runs repeatedly (bus event, periodic sync): unknown tenants are a no-op.
      return Object.hasOwn(state.provisioningKeys, command.tenantUuid)
        ? E.right([{ type: 'TenantSettingsRemoved', data: { tenantUuid: command.tenantUuid } }])
        : nothing;
    case 'SetMasterTenant':
      return state.masterTenant === command.tenantUuid
        ? nothing
        : E.right([{ type: 'MasterTenantSet', data: { tenantUuid: command.tenantUuid } }]);
    case 'SetBaseRawConfig':
      return state.baseRawConfig !== undefined && jsonEqual(state.baseRawConfig, command.rawConfig)
        ? nothing
        : E.right([{ type: 'BaseRawConfigChanged', data: { rawConfig: command.rawConfig } }]);
  }
};
