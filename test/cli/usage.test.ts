import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { inProcess } from './support/in-process.js';
import { runProvd } from './support/run-provd.js';

describe('provd CLI usage', () => {
  let dir: TempDir;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await makeTempDir('provd-cli-');
    // No event log here: usage errors must be reported before the store is looked at.
    env = { PROVD_DATA_DIR: dir.path };
  });
  afterAll(async () => {
    await dir.remove();
  });

  const USAGE_ERRORS: readonly (readonly [string[], RegExp, RegExp])[] = [
    [['token'], /missing command/, /usage: provd token <command>/],
    [['tenant', 'rename'], /unknown command: tenant rename/, /usage: provd tenant <command>/],
    [['token', 'create', '--bogus'], /Unknown option '--bogus'/, /usage: provd token create/],
    [['token', 'create', '--acl'], /argument missing/, /usage: provd token create/],
    [['token', 'create', 'extra'], /unexpected argument: extra/, /usage: provd token create/],
    [['token', 'revoke'], /missing argument/, /usage: provd token revoke <id>/],
    [['token', 'revoke', 'a', 'b'], /unexpected argument: b/, /usage: provd token revoke/],
    [['token', 'create', '--expires', 'tomorrow'], /--expires: expected a duration/, /^$/],
    [['token', 'create', '--expires', '0d'], /more than 0/, /^$/],
    [['tenant', 'create'], /missing argument/, /usage: provd tenant create <name>/],
    [['tenant', 'delete', '--json', 'x'], /Unknown option '--json'/, /usage: provd tenant delete/],
  ];

  it.each(USAGE_ERRORS)('provd %j is a usage error: exit 2', async (args, message, usage) => {
    const run = await inProcess(args, env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n').slice(1).join('\n')).toMatch(usage);
  });

  it('exits with 2 on a usage error as a real process too', async () => {
    for (const [args, message] of [USAGE_ERRORS[0]!, USAGE_ERRORS[2]!]) {
      const run = await runProvd(args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it.each([
    [['token', '--help'], /usage: provd token <command>/],
    [['tenant', '-h'], /usage: provd tenant <command>/],
    [['token', 'create', '--help'], /--expires <when>/],
    [['token', 'list', '--help'], /never shown/],
    [['tenant', 'delete', '--help'], /Refused for the master tenant/],
  ])('provd %j prints its usage: exit 0', async (args, usage) => {
    const run = await inProcess(args, env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(usage);
  });

  it('says where it looked when there is no event log (exit 1), creating nothing', async () => {
    const run = await runProvd(['token', 'list'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`provd: no event log in ${dir.path}`);
    expect(run.stderr).toMatch(/start the server once, or point --config or PROVD_DATA_DIR/);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('reports a broken configuration as a usage error', async () => {
    const config = join(dir.path, 'broken.yml');
    await writeFile(config, 'rest: [not, a, mapping]\n');
    const run = await runProvd(['token', 'list', '--config', config], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rest: expected a mapping/);
    await writeFile(config, '');
    const missing = await runProvd(['token', 'list', '--config', join(dir.path, 'missing.yml')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read config file/);
  });
});
