import type { AuditEvent } from '../../application/audit/audit-event.js';
import { deviceStream } from '../../domain/streams.js';
import type { CliIo } from '../shared/cli-io.js';
import type { Env } from '../shared/command-group.js';
import { parseCommand } from '../shared/parse.js';
import { showActor, showChange } from './format/describe.js';
import type { AuditSource } from './source/audit-source.js';
import { instantOption, SOURCE_OPTIONS, SOURCE_USAGE, withAuditSource } from './source/open-source.js';

export const HISTORY_USAGE = `usage: provd history <device id | MAC> [--type <type>[,<type>…]] [--from <when>] [--to <when>]
                     [--show-secrets] [--json] [--url <url> | --data-dir <dir>]

A device's timeline, oldest first: when, who (token, tenant, user), from where (source, client
IP) and what changed — the device's own fields, and, for the master tenant and on a data
directory, the configs it used then (its own and their parents), the base raw config and its
plugin. Secrets show as ******** unless --show-secrets.

  --type <types>     only these event types (comma-separated, e.g. ConfigUpdated,DeviceUpdated)
  --from, --to       only events recorded in that window: 2026-03-01, 2026-03-01T10:00:00Z,
                     2026-03-01T11:00:00+01:00 (no offset: local time)

${SOURCE_USAGE}`;

/** Every event of the timeline the query selects, following the pages. */
export const allEvents = async (
  source: AuditSource,
  query: Readonly<Record<string, string | undefined>>,
): Promise<AuditEvent[]> => {
  const events: AuditEvent[] = [];
  let after = -1;
  for (;;) {
    const page = await source.events({ ...query, after: String(after), limit: '1000' });
    events.push(...page.events);
    if (page.next_after === null) return events;
    after = page.next_after;
  }
};

/** What an event's changes to the device do not show: the file a phone fetched, an error. */
const details = (event: AuditEvent): string[] => {
  const data = event.data as { filename?: unknown; contentHash?: unknown; error?: unknown } | null;
  if (event.type === 'RemoteStateReported' && typeof data?.filename === 'string') {
    const hash = typeof data.contentHash === 'string' ? ` (sha256 ${data.contentHash.slice(0, 12)}…)` : '';
    return [`fetched ${data.filename}${hash}`];
  }
  if (event.type === 'DeviceConfigurationChanged' && typeof data?.error === 'string')
    return [`error: ${data.error}`];
  return [];
};

const subject = (event: AuditEvent, deviceId: string): string =>
  event.stream === deviceStream(deviceId) ? '' : `  (${event.stream})`;

export const history = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values, positionals } = parseCommand(
    args,
    { ...SOURCE_OPTIONS, type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    HISTORY_USAGE,
    { min: 1, max: 1 },
  );
  if (values.help === true) return io.out(HISTORY_USAGE);
  const from = instantOption('from', values.from, HISTORY_USAGE);
  const to = instantOption('to', values.to, HISTORY_USAGE);
  await withAuditSource(values, env, HISTORY_USAGE, async (source) => {
    const deviceId = await source.resolveDevice(positionals[0]!);
    const events = await allEvents(source, { device: deviceId, type: values.type, from, to });
    if (values.json === true) return io.out(JSON.stringify(events));
    const named = deviceId === positionals[0] ? deviceId : `${deviceId} (${positionals[0]})`;
    io.out(`history of device ${named}, from ${source.description}: ${events.length} events`);
    for (const event of events) {
      io.out('');
      io.out(`${event.recorded_at}  ${event.type}${subject(event, deviceId)}`);
      io.out(
        `  by ${showActor(event.actor)} via ${event.source}${event.client_ip === null ? '' : ` from ${event.client_ip}`}`,
      );
      for (const line of details(event)) io.out(`  ${line}`);
      for (const change of event.changes ?? []) io.out(`  ${showChange(change)}`);
    }
  });
};
