import type { Database, Statement } from 'better-sqlite3';
import type { StoredEvent } from '../common/stored-event.js';

const EVENT_COLUMNS = `position, id, stream, revision, type, schema_version AS schemaVersion, data, metadata,
  recorded_at AS recordedAt`;

export interface StreamTail {
  readonly revision: number;
  readonly position: number;
}

/** Every query the store runs, prepared once per connection. */
export interface Statements {
  readonly streamTail: Statement<[stream: string], StreamTail>;
  readonly idExists: Statement<[id: string], number>;
  readonly insert: Statement<
    [
      id: string,
      stream: string,
      revision: number,
      type: string,
      schemaVersion: number,
      data: string,
      metadata: string,
      recordedAt: number,
    ]
  >;
  readonly streamPage: Statement<
    [stream: string, fromRevision: number, toRevision: number, limit: number],
    StoredEvent
  >;
  readonly allPage: Statement<[after: number, limit: number], StoredEvent>;
  readonly head: Statement<[], number>;
}

export const prepareStatements = (db: Database): Statements => ({
  streamTail: db.prepare(
    'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
  ),
  idExists: db.prepare<[string], number>('SELECT 1 FROM events WHERE id = ?').pluck(),
  insert: db.prepare(
    `INSERT INTO events (id, stream, revision, type, schema_version, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  streamPage: db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision LIMIT ?`,
  ),
  allPage: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
  head: db.prepare<[], number>('SELECT COALESCE(MAX(position), -1) FROM events').pluck(),
});
