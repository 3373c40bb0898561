import Database from 'better-sqlite3';

/**
 * The floor for appends: bare better-sqlite3 inserts of the same payload size with the same
 * journal and sync settings, without the store's revision check, envelope or JSON encoding.
 * Our store's throughput is quoted as a ratio of this, measured in the same run.
 */
export const rawInsertRate = (
  file: string,
  total: number,
  perTransaction: number,
  payload: string,
): number => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE t (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL, UNIQUE(stream, revision))',
  );
  const insert = db.prepare('INSERT INTO t (stream, revision, data) VALUES (?, ?, ?)');
  const revisions = new Map<string, number>();
  const batch = db.transaction((start: number) => {
    for (let i = start; i < start + perTransaction; i++) {
      const stream = `s${i % 100}`;
      const revision = (revisions.get(stream) ?? -1) + 1;
      revisions.set(stream, revision);
      insert.run(stream, revision, payload);
    }
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < total; i += perTransaction) batch.immediate(i);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  db.close();
  return (total / ms) * 1000;
};
