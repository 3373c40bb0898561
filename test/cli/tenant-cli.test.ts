import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/eventstore/sqlite/sqlite-event-store.js';
import { runDeviceCommand, runSettingsCommand } from '../../src/application/aggregates.js';
import { bootstrapSettings } from '../../src/application/bootstrap-settings.js';
import type { EventStore } from '../../src/eventstore/port.js';
import { makeTempDir, type TempDir } from '../support/temp-dir.js';
import { field, runProvd, seedDataDir } from './support/run-provd.js';

const MASTER = 'c0ffee00-0000-4000-8000-000000000001';

describe('provd tenant (CLI, separate processes)', () => {
  let dir: TempDir;
  let env: Record<string, string>;
  const provd = (...args: string[]) => runProvd(args, env);
  /** Writes to the data dir's log directly, as the running server would. */
  const withStore = async (work: (store: EventStore) => Promise<void>): Promise<void> => {
    const store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  beforeEach(async () => {
    dir = await makeTempDir('provd-cli-');
    await seedDataDir(dir.path, MASTER);
    env = { PROVD_DATA_DIR: dir.path };
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('creates tenants below the master tenant or a given parent, and shows the tree', async () => {
    const sales = await provd('tenant', 'create', 'sales');
    expect(sales.code).toBe(0);
    const salesUuid = sales.stdout.trim();
    expect(salesUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await provd('tenant', 'create', 'emea', '--parent', salesUuid, '--uuid', 'emea-1')).toMatchObject({
      code: 0,
      stdout: 'emea-1\n',
    });
    const support = (await provd('tenant', 'create', 'support')).stdout.trim();

    const tree = await provd('tenant', 'list');
    expect(tree.code).toBe(0);
    expect(tree.stdout).toBe(
      [
        `${MASTER}  master`,
        `├── ${salesUuid}  sales`,
        '│   └── emea-1  emea',
        `└── ${support}  support`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await provd('tenant', 'list', '--json')).stdout) as unknown[];
    expect(json).toContainEqual({ tenantUuid: 'emea-1', parentUuid: salesUuid, name: 'emea' });
  });

  it('refuses an unknown parent and a uuid already used (exit 1)', async () => {
    const orphan = await provd('tenant', 'create', 'x', '--parent', 'nope');
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toMatch(/no tenant nope/);
    await provd('tenant', 'create', 'a', '--uuid', 'dup');
    const dup = await provd('tenant', 'create', 'b', '--uuid', 'dup');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/tenant dup already exists/);
  });

  it('deletes a tenant only once nothing depends on it, telling what to do first', async () => {
    const sales = (await provd('tenant', 'create', 'sales')).stdout.trim();
    await provd('tenant', 'create', 'emea', '--parent', sales, '--uuid', 'emea-1');

    const master = await provd('tenant', 'delete', MASTER);
    expect(master.code).toBe(1);
    expect(master.stderr).toMatch(/is the master tenant: it cannot be deleted/);

    const withChild = await provd('tenant', 'delete', sales);
    expect(withChild.code).toBe(1);
    expect(withChild.stderr).toMatch(/has sub-tenants \(emea-1\): delete them first/);
    expect(withChild.stderr).toMatch(/provd tenant list/);

    // A device of emea-1, and its provisioning key (the settings follow the tenant).
    await withStore(async (store) => {
      const device = await runDeviceCommand(
        store,
        { type: 'CreateDevice', deviceId: 'phone-1', fields: {}, tenantUuid: 'emea-1', masterTenant: MASTER },
        { source: 'api' },
      );
      expect(E.isRight(device)).toBe(true);
      await runSettingsCommand(
        store,
        { type: 'SetProvisioningKey', tenantUuid: 'emea-1', key: 'emea-key-1' },
        { source: 'api' },
      );
    });
    const withDevice = await provd('tenant', 'delete', 'emea-1');
    expect(withDevice.code).toBe(1);
    expect(withDevice.stderr).toMatch(/tenant emea-1 still has 1 device: delete them first/);
    expect(withDevice.stderr).toMatch(/its devices: phone-1/);
    expect(withDevice.stderr).toMatch(/curl -X DELETE .*\/0\.2\/dev_mgr\/devices\/<id>/);
    await withStore(async (store) => {
      await runDeviceCommand(store, { type: 'DeleteDevice', deviceId: 'phone-1' }, { source: 'api' });
    });

    const token = await provd('token', 'create', '--tenant', 'emea-1');
    const withToken = await provd('tenant', 'delete', 'emea-1');
    expect(withToken.code).toBe(1);
    expect(withToken.stderr).toContain(`still has active tokens (${field(token.stdout, 'token id')})`);
    expect(withToken.stderr).toMatch(/provd token revoke/);
    await provd('token', 'revoke', field(token.stdout, 'token id'));

    expect(await provd('tenant', 'delete', 'emea-1')).toMatchObject({
      code: 0,
      stdout: 'deleted tenant emea-1\n',
    });
    expect(await provd('tenant', 'delete', sales)).toMatchObject({ code: 0 });
    expect((await provd('tenant', 'list')).stdout).toBe(`${MASTER}  master\n`);
    const gone = await provd('tenant', 'delete', 'emea-1');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/no tenant emea-1/);

    // The tenant's provisioning key went with it.
    await withStore(async (store) => {
      const types: string[] = [];
      for await (const event of store.readStream('settings')) types.push(event.type);
      expect(types.at(-1)).toBe('TenantSettingsRemoved');
    });
  });

  it('creates the master tenant in the tree for a log written before tenants were events', async () => {
    const bare = await makeTempDir('provd-cli-');
    try {
      const store = new SqliteEventStore({ path: join(bare.path, 'events.db') });
      await bootstrapSettings(store, { baseRawConfig: {}, masterTenant: MASTER });
      await store.close();
      const local = { PROVD_DATA_DIR: bare.path };
      expect((await runProvd(['tenant', 'list'], local)).stdout).toBe(`${MASTER}  master\n`);
      const sales = await runProvd(['tenant', 'create', 'sales'], local);
      expect(sales.code).toBe(0);
      expect((await runProvd(['tenant', 'list'], local)).stdout).toBe(
        `${MASTER}  master\n└── ${sales.stdout.trim()}  sales\n`,
      );
    } finally {
      await bare.remove();
    }
  });
});
