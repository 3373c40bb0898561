import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_PROJECTIONS } from '../../src/projections/read-models.js';
import { openReadModelDb } from '../../src/projections/runner/read-model-db.js';
import { openSnapshot } from '../../src/projections/verify/snapshot.js';
import { type VerifyReport, verifyReadModels } from '../../src/projections/verify/verify-read-models.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { appendEvents } from './support/append-events.js';
import { discovered } from './support/device-events.js';
import { type Harness, newHarness } from './support/harness.js';
import { SCENARIO } from './support/scenario.js';

let dir: TempDir;
let h: Harness;
let file: string;

beforeEach(async () => {
  dir = await makeTempDir('provd-verify-');
  file = join(dir.path, 'readmodel.db');
  h = newHarness({ db: openReadModelDb(file) });
  await h.runner.start();
  for (const [stream, event] of SCENARIO)
    await h.runner.waitFor(await appendEvents(h.store, stream, [event]));
});
afterEach(async () => {
  await h.runner.stop();
  h.db.close();
  await dir.remove();
});

const verify = async (): Promise<VerifyReport> => {
  const snapshot = openSnapshot(file);
  try {
    return await verifyReadModels({ store: h.store, stored: snapshot.db, projections: ALL_PROJECTIONS });
  } finally {
    snapshot.close();
  }
};

describe('verifying the read models against a rebuild from the log', () => {
  it('finds them identical, having compared every table', async () => {
    const report = await verify();
    expect(report.divergences).toEqual([]);
    expect(report).toMatchObject({ identical: true, position: h.runner.position(), projections: 9, more: 0 });
    expect(report.tables).toBe(19);
    expect(report.rows).toBeGreaterThan(60);
  });

  it('names the projection, table and key of each difference, with both rows', async () => {
    const seq = (h.db.prepare("SELECT seq FROM devices WHERE id = 'd1'").get() as { seq: number }).seq;
    h.db.exec(`UPDATE devices SET doc = '{"id":"d1"}' WHERE id = 'd1'`);
    h.db.exec("DELETE FROM configs WHERE id = 'base'");
    h.db.exec("INSERT INTO auth_tenants (tenant_uuid, parent_uuid, name) VALUES ('zz-extra', NULL, 'ghost')");

    const report = await verify();

    expect(report.identical).toBe(false);
    const byTable = Object.fromEntries(report.divergences.map((d) => [d.table, d]));
    expect(byTable.devices).toMatchObject({
      projection: 'devices',
      message: 'row differs in doc',
      key: { seq },
      found: { id: 'd1', doc: '{"id":"d1"}' },
    });
    expect(JSON.parse(String(byTable.devices?.expected?.doc))).toMatchObject({
      id: 'd1',
      mac: expect.any(String),
    });
    expect(byTable.configs).toMatchObject({
      projection: 'configs',
      message: 'row missing from the read model',
      key: { id: 'base' },
      expected: { id: 'base' },
      found: null,
    });
    expect(byTable.auth_tenants).toMatchObject({
      projection: 'auth-tenants',
      message: 'row not in a rebuild from the log',
      key: { tenant_uuid: 'zz-extra' },
      expected: null,
    });
    expect(report.divergences).toHaveLength(3);
  });

  it('accepts render marks the renderer has cleared, not ones the log never made', async () => {
    h.db.exec('DELETE FROM render_dirty');
    h.db.exec('DELETE FROM render_common_dirty');
    expect((await verify()).identical).toBe(true);

    h.db.exec("INSERT INTO render_dirty (device_id, position) VALUES ('never-seen', 1)");
    const report = await verify();
    expect(report.divergences).toEqual([
      expect.objectContaining({
        projection: 'render_queue',
        table: 'render_dirty',
        key: { device_id: 'never-seen' },
      }),
    ]);
  });

  it('compares at the position the read model is at, whatever the log has gained since', async () => {
    await h.runner.stop();
    await appendEvents(h.store, 'device-late', [discovered('late')]);
    const report = await verify();
    expect(report.identical).toBe(true);
    expect(report.position).toBe(h.runner.position());
  });

  it('reports a missing index and a checkpoint of another version', async () => {
    h.db.exec('DROP INDEX devices_mac');
    h.db.exec("UPDATE projection_checkpoints SET version = 99 WHERE name = 'plugins'");
    const messages = (await verify()).divergences.map((d) => `${d.projection}: ${d.message}`);
    expect(messages).toEqual([
      'plugins: built by version 99 of the projection, the code is at version 1',
      'devices: index devices_mac missing from the read model',
    ]);
  });

  it('lists at most the first divergences and counts the others', async () => {
    h.db.exec('UPDATE stream_revisions SET revision = revision + 100');
    const snapshot = openSnapshot(file);
    try {
      const report = await verifyReadModels({
        store: h.store,
        stored: snapshot.db,
        projections: ALL_PROJECTIONS,
        maxDivergences: 2,
      });
      expect(report.divergences).toHaveLength(2);
      expect(report.more).toBe(8);
    } finally {
      snapshot.close();
    }
  });
});
