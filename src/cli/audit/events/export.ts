import type { CliIo } from '../../shared/cli-io.js';
import type { Env } from '../../shared/command-group.js';
import { parseCommand } from '../../shared/parse.js';
import { SOURCE_USAGE, withAuditSource } from '../source/open-source.js';
import { FILTER_OPTIONS, FILTER_USAGE, filterQuery } from './event-options.js';

export const EXPORT_USAGE = `usage: provd events export [--from <when>] [--to <when>] [--type <types>] [--tenant <uuid>]
                          [--device <id>] [--show-secrets] [--url <url> | --data-dir <dir>]

The audit trail as JSON lines on standard output: one event per line, oldest first, each with
its whole envelope (position, stream, revision, type, schema_version, recorded_at, source,
actor, client_ip, correlation_id, data). The format is described in docs/audit.md. How many
events were written goes to standard error.

  --from, --to       the window: 2026-03-01, 2026-03-01T10:00:00Z, 2026-03-01T11:00:00+01:00
                     (no offset: local time); default: the whole log
${FILTER_USAGE}

${SOURCE_USAGE}
  (--json changes nothing here: the export is JSON lines already)`;

export const eventsExport = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(
    args,
    { ...FILTER_OPTIONS, from: { type: 'string' }, to: { type: 'string' } },
    EXPORT_USAGE,
    { min: 0, max: 0 },
  );
  if (values.help === true) return io.out(EXPORT_USAGE);
  const query = filterQuery(values, EXPORT_USAGE);
  await withAuditSource(values, env, EXPORT_USAGE, async (source) => {
    let after = -1;
    let count = 0;
    for (;;) {
      const page = await source.events({ ...query, after: String(after), limit: '1000' });
      for (const event of page.events) io.out(JSON.stringify(event));
      count += page.events.length;
      if (page.next_after === null) break;
      after = page.next_after;
    }
    io.err(`exported ${count} events from ${source.description}`);
  });
};
