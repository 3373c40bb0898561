import type { AuditActor, AuditEvent } from '../../../application/audit/audit-event.js';
import type { Change } from '../../../application/audit/json-diff.js';
import type { JsonValue } from '../../../domain/shared/json.js';

/** Longest value shown in full on a line of readable output; `--json` has them whole. */
const MAX_VALUE = 120;

/** A JSON value on one line, cut when it is long. */
export const showValue = (value: JsonValue): string => {
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
};

/** `token <id> (tenant <uuid>, user <uuid>)`, or `-` for phones and the system. */
export const showActor = (actor: AuditActor | null): string => {
  if (actor === null) return '-';
  const about = [
    ...(actor.tenant_uuid === undefined ? [] : [`tenant ${actor.tenant_uuid}`]),
    ...(actor.user_uuid === undefined ? [] : [`user ${actor.user_uuid}`]),
  ];
  const who = actor.token_id === undefined ? 'no token' : `token ${actor.token_id}`;
  return about.length === 0 ? who : `${who} (${about.join(', ')})`;
};

/** `+ path: value`, `- path: value`, `~ path: before → after`. */
export const showChange = (change: Change): string => {
  if (change.before === undefined) return `+ ${change.path}: ${showValue(change.after ?? null)}`;
  if (change.after === undefined) return `- ${change.path}: ${showValue(change.before)}`;
  return `~ ${change.path}: ${showValue(change.before)} → ${showValue(change.after)}`;
};

/** One line per event: position, time, type, stream, source, actor. */
export const eventLine = (event: AuditEvent): string[] => [
  String(event.position),
  event.recorded_at,
  event.type,
  event.stream,
  event.source,
  event.client_ip ?? '-',
  showActor(event.actor),
];

export const EVENT_HEADER = ['POSITION', 'TIME', 'TYPE', 'STREAM', 'SOURCE', 'CLIENT IP', 'ACTOR'];
