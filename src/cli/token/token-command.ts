import { commandGroup } from '../shared/command-group.js';
import { tokenCreate } from './create.js';
import { tokenList } from './list.js';
import { tokenRevoke } from './revoke.js';

export const TOKEN_USAGE = `usage: provd token <command> [options]

API tokens of the built-in authentication (sent as X-Auth-Token):

  create    create a token and print its secret, once
  list      list tokens (never their secrets)
  revoke    revoke a token

\`provd token <command> --help\` describes each.`;

export const tokenCommand = commandGroup('token', TOKEN_USAGE, {
  create: tokenCreate,
  list: tokenList,
  revoke: tokenRevoke,
});
