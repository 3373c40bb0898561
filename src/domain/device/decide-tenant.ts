import * as E from 'fp-ts/lib/Either.js';
import { type DomainError, domainError } from '../shared/errors.js';
import type { DeviceDocument } from './document.js';
import type { TenantAssigned } from './events.js';

/**
 * The immutable tenant rule. A device lives in the master tenant until it is first given to
 * another tenant; from then on its tenant never changes (provd let a PUT body move any device
 * anywhere, provd-spec §10.2 #2; we do not). "Still in the master tenant" is provd's `is_new`,
 * judged against the master tenant the command carries. An API-created device in another tenant
 * is therefore fixed from birth, a reset to autoprov keeps the tenant, and deleting the device
 * is the only way to start over.
 */

const assigned = (doc: DeviceDocument, tenantUuid: string): TenantAssigned => ({
  type: 'TenantAssigned',
  data: { deviceId: doc.id, tenantUuid, previous: doc.tenant_uuid },
});

export const tenantImmutable = (doc: DeviceDocument, requested: string): DomainError =>
  domainError(
    'tenant_immutable',
    `Device ${doc.id} belongs to tenant ${doc.tenant_uuid} and cannot be moved to tenant ${requested}: ` +
      'a device leaves the master tenant once; delete it to start over',
  );

/** AssignTenant: an explicit request for another tenant on a device out of the master tenant fails. */
export const decideAssignTenant = (
  doc: DeviceDocument,
  requested: string,
  masterTenant: string,
): E.Either<DomainError, readonly TenantAssigned[]> => {
  if (requested === doc.tenant_uuid) return E.right([]);
  if (doc.tenant_uuid !== masterTenant) return E.left(tenantImmutable(doc, requested));
  return E.right([assigned(doc, requested)]);
};

/**
 * PUT of a device out of the master tenant whose body names another tenant: refused, whoever
 * asks (provd stored the body's tenant unchecked, provd-spec §10.2 #2).
 */
export const refusedMove = (doc: DeviceDocument, requested: string | undefined, masterTenant: string) =>
  requested !== undefined && doc.tenant_uuid !== masterTenant && requested !== doc.tenant_uuid
    ? tenantImmutable(doc, requested)
    : undefined;

/**
 * PUT: the effective tenant assigns a device still in the master tenant (that is how wazo-confd
 * claims an autoprov phone). For any other device it is merely the tenant acting — the device's
 * own or an ancestor, which the shell has checked — so it moves nothing and is not an error;
 * a PUT from the master tenant on a sub-tenant device keeps the device where it is.
 */
export const tenantOnUpdate = (
  doc: DeviceDocument,
  effectiveTenant: string,
  masterTenant: string,
): readonly TenantAssigned[] =>
  doc.tenant_uuid === masterTenant && effectiveTenant !== doc.tenant_uuid
    ? [assigned(doc, effectiveTenant)]
    : [];
