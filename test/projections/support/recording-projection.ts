import type { StoredDomainEvent } from '../../../src/domain/events/domain-event.js';
import type { Projection, ReadModelDb } from '../../../src/projections/runner/projection.js';

export interface RecordingProjection extends Projection {
  /** Positions `apply` was called with, in memory: survives rollbacks, unlike the table. */
  readonly calls: number[];
  /** Positions stored in the projection's table. */
  stored(db: ReadModelDb): number[];
  /** Makes `apply` throw on the event at this position (undefined: never). */
  failAt: number | undefined;
}

/** A projection that writes one row per event, to observe exactly what the runner applied. */
export const recordingProjection = (name: string, version = 1): RecordingProjection => {
  const table = `${name}_seen`;
  const projection: RecordingProjection = {
    name,
    version,
    calls: [],
    failAt: undefined,
    setup(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (position INTEGER PRIMARY KEY, type TEXT NOT NULL)`);
    },
    reset(db) {
      db.exec(`DROP TABLE IF EXISTS ${table}`);
    },
    apply(db: ReadModelDb, event: StoredDomainEvent) {
      projection.calls.push(event.position);
      db.prepare(`INSERT INTO ${table} (position, type) VALUES (?, ?)`).run(event.position, event.type);
      if (event.position === projection.failAt) throw new Error(`boom at ${event.position}`);
    },
    stored(db) {
      return (
        db.prepare(`SELECT position FROM ${table} ORDER BY position`).all() as { position: number }[]
      ).map((row) => row.position);
    },
  };
  return projection;
};
