import { setImmediate as nextTurn } from 'node:timers/promises';
import { saveCheckpoint } from '../runner/checkpoint-table.js';
import type { Projection, ReadModelDb } from '../runner/projection.js';
import { CHECKPOINT_TABLE, ownedNames, renameIdentifiers, SHADOW_PREFIX } from './shadow-names.js';

const SHADOW_CHECKPOINTS = `${SHADOW_PREFIX}${CHECKPOINT_TABLE}`;
const SHADOW_LIKE = `${SHADOW_PREFIX.replaceAll('_', '\\_')}%`;

const shadowTables = (db: ReadModelDb): string[] =>
  (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE ? ESCAPE '\\'")
      .all(SHADOW_LIKE) as { name: string }[]
  ).map((row) => row.name);

/** Indexes still under a shadow name on tables that were swapped in. */
const swappedIndexes = (db: ReadModelDb): { name: string; sql: string }[] =>
  db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
         AND name LIKE ? ESCAPE '\\' AND tbl_name NOT LIKE ? ESCAPE '\\' ORDER BY name`,
    )
    .all(SHADOW_LIKE, SHADOW_LIKE) as { name: string; sql: string }[];

export interface PendingProjection {
  readonly name: string;
  /** The position its copy has reached. */
  readonly position: number;
}

/**
 * The projections a rebuild was building aside when the process stopped (a crash, a restart),
 * from the shadow checkpoints it leaves in the read-model database; empty when none was.
 */
export const pendingRebuild = (db: ReadModelDb): PendingProjection[] => {
  if (!shadowTables(db).includes(SHADOW_CHECKPOINTS)) return [];
  return db
    .prepare(`SELECT name, position FROM "${SHADOW_CHECKPOINTS}" ORDER BY name`)
    .all() as PendingProjection[];
};

/** Drops whatever a rebuild left aside, so the next one starts from the beginning of the log. */
export const discardShadow = (db: ReadModelDb): void => {
  db.transaction(() => {
    for (const table of shadowTables(db)) db.exec(`DROP TABLE "${table}"`);
  })();
};

/**
 * Replaces the projections' tables with their copies built aside, in one transaction with their
 * checkpoints: after a crash the read model is either all old or all new. Renaming a table is a
 * change of the schema, not a copy; what is left to do, giving the indexes their own names back
 * (renameSwappedIndexes), is done after, while the server goes on.
 */
export const swapShadowIn = (
  db: ReadModelDb,
  projections: readonly Projection[],
  positions: ReadonlyMap<string, number>,
): void => {
  db.transaction(() => {
    for (const projection of projections) {
      const position = positions.get(projection.name);
      if (position === undefined) throw new Error(`no rebuilt copy of projection ${projection.name}`);
      projection.reset(db);
      for (const table of ownedNames(projection).tables) {
        db.exec(`ALTER TABLE "${SHADOW_PREFIX}${table}" RENAME TO "${table}"`);
      }
      saveCheckpoint(db, { name: projection.name, version: projection.version, position });
    }
    const left = pendingRebuild(db)
      .map(({ name }) => name)
      .filter((name) => !positions.has(name));
    if (left.length > 0) throw new Error(`projections ${left.join(', ')} are still being rebuilt`);
    db.exec(`DROP TABLE IF EXISTS "${SHADOW_CHECKPOINTS}"`);
  })();
};

/**
 * SQLite cannot rename an index: each one swapped in under its shadow name is made again under
 * its own and the shadow one dropped, one index per transaction with a turn of the event loop
 * in between, so a table of 100,000 devices never holds requests for all its indexes at once.
 * The table keeps one of the two meanwhile. After a crash, the next start's `setup` has made the
 * missing ones already, and this only drops the shadow ones.
 */
export const renameSwappedIndexes = async (db: ReadModelDb): Promise<void> => {
  for (const { name, sql } of swappedIndexes(db)) {
    const own = name.slice(SHADOW_PREFIX.length);
    db.transaction(() => {
      const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(own);
      if (exists === undefined) db.exec(renameIdentifiers(sql, (id) => (id === name ? own : undefined)));
      db.exec(`DROP INDEX "${name}"`);
    })();
    await nextTurn();
  }
};
