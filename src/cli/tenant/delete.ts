import * as E from 'fp-ts/lib/Either.js';
import { deleteTenant } from '../../application/auth/tenant-admin.js';
import { isActiveToken } from '../../projections/auth/token-read-model.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { type CliContext, withCliContext } from '../shared/context.js';
import { CliFailure } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';

export const TENANT_DELETE_USAGE = `usage: provd tenant delete <uuid> [--config <file>]

Deletes a tenant. Refused for the master tenant, and while the tenant has sub-tenants, devices
or tokens that still authenticate: delete or revoke those first.`;

const SHOWN_DEVICES = 10;

/** What to do about everything that keeps the tenant alive, whichever the refusal named first. */
const hintsFor = (context: CliContext, tenantUuid: string, now: Date): string[] => {
  const { tenants, devices, tokens } = context.readModels;
  const hints: string[] = [];
  if (tenants.children(tenantUuid).length > 0) hints.push('see the tree with `provd tenant list`');
  const ids = devices
    .find({ tenantUuids: [tenantUuid], fields: ['id'], limit: SHOWN_DEVICES + 1 })
    .map((device) => String(device.id));
  if (ids.length > 0) {
    const more = ids.length > SHOWN_DEVICES ? ', …' : '';
    const { host, port } = context.config.rest;
    hints.push(
      `its devices: ${ids.slice(0, SHOWN_DEVICES).join(', ')}${more}`,
      'delete each through the REST API with a master-tenant token, e.g.',
      `  curl -X DELETE -H 'X-Auth-Token: <token>' http://${host}:${port}/0.2/dev_mgr/devices/<id>`,
    );
  }
  if (tokens.ofTenant(tenantUuid).some((token) => isActiveToken(token, now))) {
    hints.push('revoke its tokens with `provd token revoke <id>`');
  }
  return hints;
};

export const tenantDelete = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(args, {}, TENANT_DELETE_USAGE, { min: 1, max: 1 });
  if (values.help === true) return io.out(TENANT_DELETE_USAGE);
  const tenantUuid = positionals[0]!;
  await withCliContext(values.config, env, { devices: true }, async (context) => {
    const now = io.clock();
    const result = await deleteTenant(context.store, context.readModels, tenantUuid, context.metadata, now);
    if (E.isLeft(result)) {
      const hints = result.left.code === 'not_deletable' ? hintsFor(context, tenantUuid, now) : [];
      if (result.left.code === 'not_found') hints.push('see the tenants with `provd tenant list`');
      throw new CliFailure(result.left.message, hints);
    }
    io.out(`deleted tenant ${tenantUuid}`);
  });
};
