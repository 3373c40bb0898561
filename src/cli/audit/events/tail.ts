import type { AuditEvent } from '../../../application/audit/audit-event.js';
import type { RawQuery } from '../../../application/audit/event-query.js';
import type { CliIo } from '../../shared/cli-io.js';
import type { Env } from '../../shared/command-group.js';
import { UsageError } from '../../shared/errors.js';
import { parseCommand } from '../../shared/parse.js';
import { formatTable } from '../../shared/table.js';
import { EVENT_HEADER, eventLine } from '../format/describe.js';
import type { AuditSource } from '../source/audit-source.js';
import { SOURCE_USAGE, withAuditSource } from '../source/open-source.js';
import { FILTER_OPTIONS, FILTER_USAGE, filterQuery } from './event-options.js';

export const TAIL_USAGE = `usage: provd events tail [-n <count>] [--after <position>] [--follow] [--type <types>]
                        [--tenant <uuid>] [--device <id>] [--show-secrets] [--json]
                        [--url <url> | --data-dir <dir>]

The last events of the audit trail, oldest first; with --follow, then every new one as it is
written, until interrupted (over REST, a server-sent event stream that resumes by itself after
a short loss of connection).

  -n, --lines <n>    how many of the last events (default 10)
  --after <pos>      every event after this position instead of the last ones
  -f, --follow       keep printing new events
${FILTER_USAGE}

${SOURCE_USAGE}
  (with --json: one JSON object per line, as \`provd events export\`)`;

/** Every matching event after `after` up to `head`, following the pages. */
const eventsBetween = async (
  source: AuditSource,
  query: RawQuery,
  after: number,
  head: number,
): Promise<AuditEvent[]> => {
  const events: AuditEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await source.events({ ...query, after: String(cursor), limit: '1000' });
    events.push(...page.events.filter((event) => event.position <= head));
    if (page.next_after === null || page.next_after >= head) return events;
    cursor = page.next_after;
  }
};

/**
 * The last `count` matching events up to `head`. The trail is read forward only, so windows
 * ending at the head grow (1000, 8000, … events) until they hold enough or reach the start.
 */
const lastEvents = async (
  source: AuditSource,
  query: RawQuery,
  count: number,
  head: number,
): Promise<AuditEvent[]> => {
  for (let window = 1000; ; window *= 8) {
    const after = Math.max(-1, head - window);
    const events = await eventsBetween(source, query, after, head);
    if (events.length >= count || after === -1) return events.slice(-count);
  }
};

const positiveInteger = (name: string, text: string): number => {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1)
    throw new UsageError(`--${name}: expected a count of 1 or more, got ${text}`, TAIL_USAGE);
  return Number(text);
};

export const eventsTail = async (args: readonly string[], env: Env, io: CliIo): Promise<void> => {
  const { values } = parseCommand(
    args,
    {
      ...FILTER_OPTIONS,
      lines: { type: 'string', short: 'n' },
      after: { type: 'string' },
      follow: { type: 'boolean', short: 'f' },
    },
    TAIL_USAGE,
    { min: 0, max: 0 },
  );
  if (values.help === true) return io.out(TAIL_USAGE);
  const query = filterQuery(values, TAIL_USAGE);
  const count = values.lines === undefined ? 10 : positiveInteger('lines', values.lines);
  if (values.after !== undefined && !/^-?\d{1,15}$/.test(values.after)) {
    throw new UsageError(`--after: expected a position (an integer), got ${values.after}`, TAIL_USAGE);
  }
  await withAuditSource(values, env, TAIL_USAGE, async (source) => {
    // One head for both parts: the listing ends there and following starts there.
    const { head } = await source.events({ ...query, after: '-1', limit: '1' });
    const events =
      values.after === undefined
        ? await lastEvents(source, query, count, head)
        : await eventsBetween(source, query, Number(values.after), head);
    const print = (event: AuditEvent): void =>
      io.out(values.json === true ? JSON.stringify(event) : eventLine(event).join('  '));
    if (values.json === true) for (const event of events) print(event);
    else for (const line of formatTable(EVENT_HEADER, events.map(eventLine))) io.out(line);
    if (values.follow !== true) return;
    await source.follow(query, Math.max(head, values.after === undefined ? -1 : Number(values.after)), print);
  });
};
