import { isActiveToken, type TokenRecord } from '../../projections/auth/token-read-model.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { withCliContext } from '../shared/context.js';
import { parseCommand } from '../shared/parse.js';
import { formatTable } from '../shared/table.js';

export const TOKEN_LIST_USAGE = `usage: provd token list [--json] [--config <file>]

Lists every token, revoked and expired ones included. Secrets are never shown: provd does not
have them.

  --json    one JSON array instead of a table`;

const status = (token: TokenRecord, now: Date): string => {
  if (token.revokedAt !== null) return 'revoked';
  return isActiveToken(token, now) ? 'active' : 'expired';
};

export const tokenList = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(args, { json: { type: 'boolean' } }, TOKEN_LIST_USAGE, { min: 0, max: 0 });
  if (values.help === true) return io.out(TOKEN_LIST_USAGE);
  await withCliContext(values.config, env, {}, async ({ readModels }) => {
    const now = io.clock();
    const tokens = readModels.tokens.list();
    if (values.json === true) {
      io.out(JSON.stringify(tokens.map((token) => ({ ...token, status: status(token, now) }))));
      return;
    }
    if (tokens.length === 0) return io.out('no tokens');
    const rows = tokens.map((token) => [
      token.tokenId,
      token.tenantUuid,
      status(token, now),
      token.expiresAt ?? 'never',
      token.acls.join(','),
      token.label,
    ]);
    for (const line of formatTable(['ID', 'TENANT', 'STATUS', 'EXPIRES', 'ACLS', 'LABEL'], rows))
      io.out(line);
  });
};
