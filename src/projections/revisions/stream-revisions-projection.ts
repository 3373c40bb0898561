import { streamCategory } from '../../domain/streams.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

/**
 * The current revision of every device and config stream: the ETag of those resources, so an
 * admin's If-Match can be checked without reading the stream. Every event counts, including
 * those that change nothing in the document (a synchronize request, a remote state report).
 */
export const streamRevisionsProjection: Projection = {
  name: 'stream-revisions',
  version: 1,
  setup(db: ReadModelDb): void {
    db.exec(
      'CREATE TABLE IF NOT EXISTS stream_revisions (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL) STRICT',
    );
  },
  reset(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS stream_revisions');
  },
  apply(db: ReadModelDb, event): void {
    const category = streamCategory(event.stream);
    if (category !== 'device' && category !== 'config') return;
    prepared(
      db,
      `INSERT INTO stream_revisions (stream, revision) VALUES (?, ?)
       ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision`,
    ).run(event.stream, event.revision);
  },
};

export class StreamRevisionReadModel {
  constructor(private readonly db: ReadModelDb) {}

  /** The stream's last revision, or undefined when it has no event. */
  revision(stream: string): number | undefined {
    const row = prepared(this.db, 'SELECT revision FROM stream_revisions WHERE stream = ?').get(stream) as
      | { revision: number }
      | undefined;
    return row?.revision;
  }
}
