import * as E from 'fp-ts/lib/Either.js';
import { tenantDecider } from '../../domain/auth/tenant/decider.js';
import { tenantStream } from '../../domain/streams.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import { runTenantCommand } from '../aggregates.js';
import { loadState } from '../command-handler.js';

export const MASTER_TENANT_NAME = 'master';

/**
 * Records the master tenant (bootstrap-settings.ts picks it) as the root of the built-in tenant
 * tree when it is not there yet, so sub-tenants can hang below it. Idempotent: a restart, or a
 * CLI run racing the server, writes nothing. Resolves with the position written, if any.
 */
export const bootstrapMasterTenant = async (
  store: EventStore,
  masterTenant: string,
  metadata: EventMetadata = { source: 'system' },
): Promise<number | undefined> => {
  const { state } = await loadState(store, tenantStream(masterTenant), tenantDecider);
  if (state.tenant !== undefined) return undefined;
  const result = await runTenantCommand(
    store,
    { type: 'CreateTenant', tenantUuid: masterTenant, parentUuid: null, name: MASTER_TENANT_NAME },
    metadata,
  );
  if (E.isRight(result)) return result.right.position;
  if (result.left.code === 'already_exists') return undefined;
  throw new Error(`cannot record the master tenant: ${result.left.message}`);
};
