import * as E from 'fp-ts/lib/Either.js';
import { runTokenCommand } from '../../application/aggregates.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { withCliContext } from '../shared/context.js';
import { CliFailure } from '../shared/errors.js';
import { parseCommand } from '../shared/parse.js';

export const TOKEN_REVOKE_USAGE = `usage: provd token revoke <id> [--config <file>]

Revokes a token for good: requests presenting it are refused from now on (the running server
sees it within a second). The id is the one \`provd token list\` shows, not the secret.`;

export const tokenRevoke = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(args, {}, TOKEN_REVOKE_USAGE, { min: 1, max: 1 });
  if (values.help === true) return io.out(TOKEN_REVOKE_USAGE);
  const tokenId = positionals[0]!;
  await withCliContext(values.config, env, {}, async ({ store, metadata }) => {
    const result = await runTokenCommand(store, { type: 'RevokeToken', tokenId }, metadata);
    if (E.isLeft(result)) {
      throw new CliFailure(result.left.message, ['see the tokens with `provd token list`']);
    }
    io.out(
      result.right.events.length === 0 ? `token ${tokenId} was already revoked` : `revoked token ${tokenId}`,
    );
  });
};
