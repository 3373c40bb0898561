import * as E from 'fp-ts/lib/Either.js';
import { ADMIN_ACLS } from '../../application/auth/bootstrap-admin-token.js';
import { issueToken } from '../../application/auth/issue-token.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { requireMasterTenant, withCliContext } from '../shared/context.js';
import { CliFailure } from '../shared/errors.js';
import { parseExpiry } from '../shared/expiry.js';
import { parseCommand } from '../shared/parse.js';

export const TOKEN_CREATE_USAGE = `usage: provd token create [--tenant <uuid>] [--acl <acl>]... [--label <text>]
                          [--expires <date or duration>] [--config <file>]

Creates an API token and prints its secret, once: provd keeps only its sha256 hash.

  --tenant <uuid>    the token's tenant; it may act on it and every tenant below it
                     (default: the master tenant)
  --acl <acl>        a granted ACL, Wazo syntax (provd.#, provd.dev_mgr.#, !provd.pg_mgr.#);
                     repeat it for several (default: ${ADMIN_ACLS.join(' ')})
  --label <text>     what the token is for, shown by \`provd token list\`
  --expires <when>   a duration from now (12h, 30d, 2w) or an ISO date (2026-12-31,
                     2026-12-31T18:00:00Z); default: never`;

export const tokenCreate = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(
    args,
    {
      tenant: { type: 'string' },
      acl: { type: 'string', multiple: true },
      label: { type: 'string' },
      expires: { type: 'string' },
    },
    TOKEN_CREATE_USAGE,
    { min: 0, max: 0 },
  );
  if (values.help === true) return io.out(TOKEN_CREATE_USAGE);
  const now = io.clock();
  // Checked before opening the store: a typo should not cost a fold of the log.
  const expiresAt = values.expires === undefined ? null : parseExpiry(values.expires, now);
  await withCliContext(values.config, env, {}, async (context) => {
    const master = requireMasterTenant(context);
    const tenantUuid = values.tenant ?? master;
    if (tenantUuid !== master && context.readModels.tenants.get(tenantUuid) === undefined) {
      throw new CliFailure(`no tenant ${tenantUuid}`, ['see the tenants with `provd tenant list`']);
    }
    const acls = values.acl ?? ADMIN_ACLS;
    const result = await issueToken(
      context.store,
      { tenantUuid, acls, label: values.label ?? '', expiresAt },
      { clock: () => now, random: io.random, metadata: context.metadata },
    );
    if (E.isLeft(result)) throw new CliFailure(result.left.message);
    const { tokenId, secret } = result.right;
    io.out(`token id: ${tokenId}`);
    io.out(`tenant:   ${tenantUuid}`);
    io.out(`acls:     ${acls.join(' ')}`);
    io.out(`expires:  ${expiresAt === null ? 'never' : expiresAt.toISOString()}`);
    io.out(`secret:   ${secret}`);
    io.out('The secret is shown only this once: provd keeps only its hash. Send it as X-Auth-Token.');
  });
};
