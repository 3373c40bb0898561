import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type DomainError, domainError } from '../../shared/errors.js';
import type { DeleteTenant, TenantCommand } from './commands.js';
import type { TenantEvent } from './events.js';
import type { TenantState } from './state.js';
import { checkNewTenant } from './validation.js';

type Decision = E.Either<DomainError, readonly TenantEvent[]>;

const notDeletable = (message: string): Decision => E.left(domainError('not_deletable', message));

const list = (ids: readonly string[]): string => ids.join(', ');

/**
 * A tenant goes only when nothing depends on it: deleting it under devices, tokens or sub-tenants
 * would leave them pointing at nothing. The root (master) tenant never goes: new phones land there.
 */
const decideDelete = (command: DeleteTenant, state: TenantState): Decision => {
  const { tenantUuid } = command;
  const tenant = state.tenant;
  if (tenant === undefined) return E.left(domainError('not_found', `no tenant ${tenantUuid}`));
  if (tenantUuid === command.masterTenant || tenant.parentUuid === null) {
    return notDeletable(`tenant ${tenantUuid} is the master tenant: it cannot be deleted`);
  }
  if (command.subTenants.length > 0) {
    return notDeletable(
      `tenant ${tenantUuid} has sub-tenants (${list(command.subTenants)}): delete them first`,
    );
  }
  if (command.deviceCount > 0) {
    const devices = command.deviceCount === 1 ? '1 device' : `${command.deviceCount} devices`;
    return notDeletable(`tenant ${tenantUuid} still has ${devices}: delete them first`);
  }
  if (command.activeTokens.length > 0) {
    return notDeletable(
      `tenant ${tenantUuid} still has active tokens (${list(command.activeTokens)}): revoke them first`,
    );
  }
  return E.right([{ type: 'TenantDeleted', data: { tenantUuid } }]);
};

export const decideTenant = (command: TenantCommand, state: TenantState): Decision => {
  switch (command.type) {
    case 'CreateTenant':
      if (state.tenant !== undefined) {
        return E.left(domainError('already_exists', `tenant ${command.tenantUuid} already exists`));
      }
      return pipe(
        checkNewTenant(command),
        E.map(({ tenantUuid, parentUuid, name }): readonly TenantEvent[] => [
          { type: 'TenantCreated', data: { tenantUuid, parentUuid, name } },
        ]),
      );
    case 'DeleteTenant':
      return decideDelete(command, state);
  }
};
