import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { withCliContext } from '../shared/context.js';
import { parseCommand } from '../shared/parse.js';
import { renderTenantTree } from './tree.js';

export const TENANT_LIST_USAGE = `usage: provd tenant list [--json] [--config <file>]

Shows the tenants as a tree, the master tenant at the root.

  --json    one JSON array (uuid, parent, name) instead of the tree`;

export const tenantList = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(args, { json: { type: 'boolean' } }, TENANT_LIST_USAGE, { min: 0, max: 0 });
  if (values.help === true) return io.out(TENANT_LIST_USAGE);
  await withCliContext(values.config, env, {}, async ({ readModels }) => {
    const tenants = readModels.tenants.list();
    const master = readModels.settings.masterTenant();
    // Until the server (or `provd tenant create`) records it, the master tenant is only a setting.
    if (master !== undefined && !tenants.some((tenant) => tenant.tenantUuid === master)) {
      tenants.unshift({ tenantUuid: master, parentUuid: null, name: 'master' });
    }
    if (values.json === true) return io.out(JSON.stringify(tenants));
    if (tenants.length === 0) return io.out('no tenants');
    for (const line of renderTenantTree(tenants)) io.out(line);
  });
};
