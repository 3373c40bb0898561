import { commandGroup } from '../shared/command-group.js';
import { tenantCreate } from './create.js';
import { tenantDelete } from './delete.js';
import { tenantList } from './list.js';

export const TENANT_USAGE = `usage: provd tenant <command> [options]

Tenants of the built-in authentication:

  create    create a tenant below another one
  list      show the tenant tree
  delete    delete a tenant without devices, tokens or sub-tenants

\`provd tenant <command> --help\` describes each.`;

export const tenantCommand = commandGroup('tenant', TENANT_USAGE, {
  create: tenantCreate,
  list: tenantList,
  delete: tenantDelete,
});
