import type { JsonObject } from '../../domain/shared/json.js';
import type { Actor, EventSource } from '../../eventstore/envelope.js';
import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

export interface DeviceHistoryEntry {
  /** Revision of the event in the device's stream: the paging cursor. */
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  /** ISO 8601. */
  readonly recordedAt: string;
  readonly source: EventSource;
  readonly actor?: Actor;
  readonly clientIp?: string;
  readonly correlationId?: string;
  readonly data: JsonObject;
}

export interface DeviceHistoryPage {
  readonly entries: readonly DeviceHistoryEntry[];
  /** Pass as `after` to get the next page; undefined on the last page. */
  readonly nextAfter: number | undefined;
}

export interface DeviceHistoryQuery {
  /** Entries with a revision strictly greater than this (default: from the first). */
  readonly after?: number;
  /** Page size, 1 to {@link MAX_HISTORY_PAGE} (default {@link DEFAULT_HISTORY_PAGE}). */
  readonly limit?: number;
}

export const DEFAULT_HISTORY_PAGE = 100;
export const MAX_HISTORY_PAGE = 1_000;

interface HistoryRow {
  revision: number;
  position: number;
  type: string;
  recorded_at: string;
  source: EventSource;
  actor: string | null;
  client_ip: string | null;
  correlation_id: string | null;
  data: string;
}

const toEntry = (row: HistoryRow): DeviceHistoryEntry => ({
  revision: row.revision,
  position: row.position,
  type: row.type,
  recordedAt: row.recorded_at,
  source: row.source,
  ...(row.actor === null ? {} : { actor: JSON.parse(row.actor) as Actor }),
  ...(row.client_ip === null ? {} : { clientIp: row.client_ip }),
  ...(row.correlation_id === null ? {} : { correlationId: row.correlation_id }),
  data: JSON.parse(row.data) as JsonObject,
});

export class DeviceHistoryReadModel {
  constructor(private readonly db: ReadModelDb) {}

  /** A device's changes, oldest first, one page at a time. */
  history(deviceId: string, query: DeviceHistoryQuery = {}): DeviceHistoryPage {
    const asked =
      query.limit !== undefined && Number.isFinite(query.limit)
        ? Math.floor(query.limit)
        : DEFAULT_HISTORY_PAGE;
    const limit = Math.min(Math.max(asked, 1), MAX_HISTORY_PAGE);
    // One row more than asked tells whether another page follows.
    const rows = prepared(
      this.db,
      `SELECT revision, position, type, recorded_at, source, actor, client_ip, correlation_id, data
       FROM device_history WHERE device_id = ? AND revision > ? ORDER BY revision LIMIT ?`,
    ).all(deviceId, query.after ?? -1, limit + 1) as HistoryRow[];
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, nextAfter: rows.length > limit ? entries.at(-1)!.revision : undefined };
  }
}
