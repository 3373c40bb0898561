import { commandGroup } from '../../shared/command-group.js';
import { eventsExport } from './export.js';
import { eventsTail } from './tail.js';

export const EVENTS_USAGE = `usage: provd events <command> [options]

The audit trail: every event of the log with who, when and from where.

  tail               the last events; --follow for the new ones as they come
  export             the events of a time window as JSON lines (docs/audit.md)

Each reads a running server (--url, or PROVD_URL and PROVD_TOKEN) or a data directory
(--data-dir, or PROVD_DATA_DIR). \`provd events <command> --help\` describes each.`;

export const eventsCommand = commandGroup('events', EVENTS_USAGE, {
  tail: eventsTail,
  export: eventsExport,
});
