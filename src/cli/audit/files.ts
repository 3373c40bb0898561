import type { FileAt } from '../../application/audit/files-at.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { parseCommand } from '../shared/parse.js';
import { formatTable } from '../shared/table.js';
import { instantOption, SOURCE_OPTIONS, SOURCE_USAGE, withAuditSource } from './source/open-source.js';

export const FILES_USAGE = `usage: provd files <device id | MAC> [--at <when>] [--content] [--show-secrets] [--json]
                   [--url <url> | --data-dir <dir>]

The files the phone would have received at an instant, rendered again from the device, its
configs and the plugin version in force then, compared with the content hashes recorded when
the phone really fetched them. The summary is "match" (what it fetched is what it would get),
"mismatch" (it fetched something else: an older configuration, another plugin version) or
"never fetched".

  --at <when>        2026-03-01, 2026-03-01T10:00:00Z, 2026-03-01T11:00:00+01:00 (no offset:
                     local time); default: now
  --content          print the files' content after the table (secrets masked unless
                     --show-secrets)

${SOURCE_USAGE}`;

const short = (hash: string): string => hash.slice(0, 12);

const fetchedCells = (file: FileAt): string[] =>
  file.fetched === null
    ? ['-', '-']
    : [`${file.fetched.at} ${short(file.fetched.sha256)}`, file.fetched.match ? 'yes' : 'NO'];

export const files = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(
    args,
    { ...SOURCE_OPTIONS, at: { type: 'string' }, content: { type: 'boolean' } },
    FILES_USAGE,
    { min: 1, max: 1 },
  );
  if (values.help === true) return io.out(FILES_USAGE);
  const at = instantOption('at', values.at, FILES_USAGE) ?? io.clock().toISOString();
  await withAuditSource(values, env, FILES_USAGE, async (source) => {
    const deviceId = await source.resolveDevice(positionals[0]!);
    const view = await source.files(deviceId, at);
    if (values.json === true) return io.out(JSON.stringify(view));
    const plugin =
      view.plugin === null ? 'no plugin' : `plugin ${view.plugin.id} ${view.plugin.version ?? '-'}`;
    io.out(`files of device ${deviceId} at ${at} (${plugin}), from ${source.description}`);
    if (view.error !== null) io.out(`not rendered: ${view.error}`);
    if (view.files.length > 0) {
      const rows = view.files.map((file) => [
        file.path,
        file.scope,
        String(file.size),
        short(file.sha256),
        ...fetchedCells(file),
      ]);
      for (const line of formatTable(['PATH', 'SCOPE', 'SIZE', 'SHA256', 'FETCHED', 'MATCH'], rows))
        io.out(line);
    }
    io.out(`summary: ${view.summary}`);
    if (values.content !== true) return;
    for (const file of view.files) {
      io.out('');
      io.out(`--- ${file.path}${file.redacted ? ' (secrets masked)' : ''}`);
      for (const line of file.content.replace(/\n$/, '').split('\n')) io.out(line);
    }
  });
};
