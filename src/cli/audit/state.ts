import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { parseCommand } from '../shared/parse.js';
import { showValue } from './format/describe.js';
import { leaves } from './format/flatten.js';
import { instantOption, SOURCE_OPTIONS, SOURCE_USAGE, withAuditSource } from './source/open-source.js';

export const STATE_USAGE = `usage: provd state <device id | MAC> [--at <when>] [--show-secrets] [--json]
                   [--url <url> | --data-dir <dir>]

A device as it was at an instant: its fields, its config flattened as the configs (and the
base raw config) were then, and the version of its plugin installed then.

  --at <when>        2026-03-01, 2026-03-01T10:00:00Z, 2026-03-01T11:00:00+01:00 (no offset:
                     local time); default: now

${SOURCE_USAGE}`;

export const state = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(
    args,
    { ...SOURCE_OPTIONS, at: { type: 'string' } },
    STATE_USAGE,
    { min: 1, max: 1 },
  );
  if (values.help === true) return io.out(STATE_USAGE);
  const at = instantOption('at', values.at, STATE_USAGE) ?? io.clock().toISOString();
  await withAuditSource(values, env, STATE_USAGE, async (source) => {
    const deviceId = await source.resolveDevice(positionals[0]!);
    const view = await source.state(deviceId, at);
    if (values.json === true) return io.out(JSON.stringify(view));
    io.out(`device ${deviceId} at ${at}, from ${source.description}`);
    for (const [path, value] of leaves(view.device)) io.out(`  ${path}: ${showValue(value)}`);
    io.out(
      view.plugin === null
        ? 'plugin: none'
        : `plugin: ${view.plugin.id} ${view.plugin.version ?? '(not installed then)'}`,
    );
    if (view.config === null) return io.out('config: none');
    io.out(`config ${String(view.device.config)}, flattened:`);
    for (const [path, value] of leaves(view.config)) io.out(`  ${path}: ${showValue(value)}`);
  });
};
