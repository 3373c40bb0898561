import * as E from 'fp-ts/lib/Either.js';
import { bootstrapMasterTenant } from '../../application/auth/bootstrap-master-tenant.js';
import { createTenant } from '../../application/auth/tenant-admin.js';
import { newUuid } from '../../application/auth/token-secret.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { requireMasterTenant, withCliContext } from '../shared/context.js';
import { CliFailure } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';

export const TENANT_CREATE_USAGE = `usage: provd tenant create <name> [--parent <uuid>] [--uuid <uuid>] [--config <file>]

Creates a tenant below another one and prints its uuid. Tokens of a tenant may act on it and on
every tenant below it.

  --parent <uuid>   the parent tenant (default: the master tenant)
  --uuid <uuid>     the new tenant's uuid, e.g. to match another system's (default: a random one)`;

export const tenantCreate = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(
    args,
    { parent: { type: 'string' }, uuid: { type: 'string' } },
    TENANT_CREATE_USAGE,
    { min: 1, max: 1 },
  );
  if (values.help === true) return io.out(TENANT_CREATE_USAGE);
  await withCliContext(values.config, env, {}, async (context) => {
    const master = requireMasterTenant(context);
    // A log written before tenants were events has no root yet: record it as the server would.
    if ((await bootstrapMasterTenant(context.store, master, context.metadata)) !== undefined) {
      await context.catchUp();
    }
    const tenantUuid = values.uuid ?? newUuid(io.random);
    const result = await createTenant(
      context.store,
      context.readModels,
      {
        name: positionals[0]!,
        tenantUuid,
        ...(values.parent === undefined ? {} : { parentUuid: values.parent }),
      },
      context.metadata,
    );
    if (E.isLeft(result)) {
      const hints = result.left.code === 'not_found' ? ['see the tenants with `provd tenant list`'] : [];
      throw new CliFailure(result.left.message, hints);
    }
    io.out(tenantUuid);
  });
};
