import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceDocument } from '../../../src/domain/device/document.js';
import type { JsonObject, JsonValue } from '../../../src/domain/shared/json.js';
import { DeviceReadModel } from '../../../src/projections/devices/device-read-model.js';
import {
  createDeviceTables,
  DEVICE_COLUMNS,
  DEVICE_WEAK_COLUMNS,
  upsertDeviceRow,
} from '../../../src/projections/devices/device-table.js';
import { findInMemory } from '../../../src/projections/find/find-plan.js';
import { compileSelector, InvalidSelectorError } from '../../../src/projections/find/selector.js';
import { candidatesSql, pushDownSelector } from '../../../src/projections/find/sql-pushdown.js';
import type { ReadModelDb } from '../../../src/projections/runner/projection.js';
import { openReadModelDb } from '../../../src/projections/runner/read-model-db.js';

const dbs: ReadModelDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/** A devices table seeded directly with documents (the fold itself is tested elsewhere). */
const seeded = (docs: readonly JsonObject[]): DeviceReadModel => {
  const db = openReadModelDb(':memory:');
  dbs.push(db);
  createDeviceTables(db);
  for (const doc of docs) upsertDeviceRow(db, doc as DeviceDocument);
  return new DeviceReadModel(db);
};

const device = (id: string, fields: JsonObject = {}): JsonObject => ({
  id,
  tenant_uuid: 't1',
  is_new: false,
  configured: false,
  ...fields,
});

describe('device find', () => {
  const docs = [
    device('a', { mac: 'm1', ip: '10.0.0.1', model: 'x', n: 3 }),
    device('b', { mac: 'm2', tenant_uuid: 't2', model: 'y', n: 1 }),
    device('c', { mac: 'm1', tenant_uuid: 't3', model: 'x' }),
    device('d', { mac: 'm3', model: 'x', n: 2 }),
  ];
  const ids = (model: DeviceReadModel, params: Parameters<DeviceReadModel['find']>[0]) =>
    model.find(params).map((doc) => doc.id);

  it('restricts to the given tenants, overriding the selector tenant key', () => {
    const model = seeded(docs);
    expect(ids(model, { tenantUuids: ['t1'] })).toEqual(['a', 'd']);
    expect(ids(model, { tenantUuids: ['t1', 't3'] })).toEqual(['a', 'c', 'd']);
    expect(ids(model, { tenantUuids: ['t1'], selector: { tenant_uuid: 't2' } })).toEqual(['a', 'd']);
    expect(ids(model, { tenantUuids: [] })).toEqual([]);
    expect(ids(model, { tenantUuids: 'all' })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('combines indexed and non-indexed conditions', () => {
    const model = seeded(docs);
    expect(ids(model, { tenantUuids: 'all', selector: { mac: 'm1', model: 'x' } })).toEqual(['a', 'c']);
    expect(ids(model, { tenantUuids: ['t1', 't2'], selector: { model: 'x' } })).toEqual(['a', 'd']);
    expect(
      ids(model, { tenantUuids: 'all', selector: { mac: { $in: ['m1', 'm3'] } }, skip: 1, limit: 1 }),
    ).toEqual(['c']);
  });

  it('sorts, pages and projects', () => {
    const model = seeded(docs);
    expect(
      model.find({ tenantUuids: 'all', sort: 'n', sortOrd: 'DESC', skip: 1, limit: 2, fields: ['n'] }),
    ).toEqual([
      { id: 'd', n: 2 },
      { id: 'b', n: 1 },
    ]);
  });

  it('throws InvalidSelectorError for a malformed selector', () => {
    const model = seeded(docs);
    expect(() => model.find({ tenantUuids: 'all', selector: { mac: { $foo: 1 } } })).toThrow(
      InvalidSelectorError,
    );
    expect(() => model.find({ tenantUuids: 'all', selector: { mac: { $in: 'm1' } } })).toThrow(
      'Invalid operand for $in',
    );
  });

  it('can stop early and query again (the statement iterator is closed)', () => {
    const model = seeded(docs);
    expect(ids(model, { tenantUuids: 'all', selector: { model: 'x' }, limit: 1 })).toEqual(['a']);
    expect(ids(model, { tenantUuids: 'all', selector: { model: 'x' }, limit: 1 })).toEqual(['a']);
  });

  it('gets a device and lists MAC duplicates oldest first', () => {
    const model = seeded(docs);
    expect(model.get('c')).toEqual(docs[2]);
    expect(model.get('zz')).toBeUndefined();
    expect(model.findByMac('m1').map((d) => d.id)).toEqual(['a', 'c']);
    expect(model.findByIp('10.0.0.1').map((d) => d.id)).toEqual(['a']);
    expect(model.findByUuid('nope')).toEqual([]);
  });

  it('uses the indexes for lookups and pushed-down finds', () => {
    const db = openReadModelDb(':memory:');
    dbs.push(db);
    createDeviceTables(db);
    const plan = (selector: JsonObject, paged: boolean) => {
      const filter = pushDownSelector(compileSelector(selector), DEVICE_COLUMNS);
      const sql = candidatesSql('devices', filter, paged);
      const params = [...filter.params, ...(paged ? [10, 0] : [])];
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    };
    expect(plan({ mac: 'm1' }, false)).toContain('USING INDEX devices_mac');
    expect(plan({ sn: 'x' }, false)).toContain('USING INDEX devices_sn');
    expect(plan({ uuid: 'x' }, false)).toContain('USING INDEX devices_uuid');
    expect(plan({ ip: 'x' }, false)).toContain('USING INDEX devices_ip');
    expect(plan({ id: 'x' }, false)).toMatch(/USING INDEX sqlite_autoindex_devices/);
    expect(plan({ config: 'x' }, false)).toContain('USING INDEX devices_config');
    expect(plan({ plugin: 'x' }, false)).toContain('USING INDEX devices_plugin');
    // With an IN list, only rowids are sorted (from the covering index); documents come by rowid.
    const inList = plan({ tenant_uuid: { $in: ['a', 'b'] } }, true);
    expect(inList).toMatch(/^SEARCH devices USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(inList).toContain('COVERING INDEX devices_tenant_uuid');
  });

  it('searches by MAC, not by tenant, when a listing for a tenant asks for a MAC', () => {
    const db = openReadModelDb(':memory:');
    dbs.push(db);
    createDeviceTables(db);
    // What the API's find by MAC asks: the MAC and the requester's tenant(s).
    const plan = (selector: JsonObject) => {
      const filter = pushDownSelector(compileSelector(selector), DEVICE_COLUMNS, DEVICE_WEAK_COLUMNS);
      return (
        db
          .prepare(`EXPLAIN QUERY PLAN ${candidatesSql('devices', filter, true)}`)
          .all(...filter.params, 10, 0) as {
          detail: string;
        }[]
      )
        .map((row) => row.detail)
        .join(' | ');
    };
    expect(plan({ mac: 'm1', tenant_uuid: { $in: ['t1'] } })).toContain('USING INDEX devices_mac');
    expect(plan({ mac: 'm1', tenant_uuid: { $in: ['t1', 't2'] } })).toContain('USING INDEX devices_mac');
    expect(plan({ ip: '10.0.0.1', plugin: 'p', tenant_uuid: { $in: ['t1'] } })).toContain(
      'USING INDEX devices_ip',
    );
    // Alone, the tenant is still searched by its index.
    expect(plan({ tenant_uuid: { $in: ['t1'] } })).toContain('devices_tenant_uuid');
  });
});

describe('device find agrees with the in-memory reference', () => {
  const tenants = ['t1', 't2', 't3'] as const;
  const value = fc.oneof(
    fc.constantFrom<JsonValue>('m1', 'm2', 'm3', 5, null, ['m1'], '10', '9', 9, 10, true),
    fc.integer({ min: -2, max: 12 }),
  );
  const optionalFields = fc.record(
    {
      mac: value,
      ip: fc.constantFrom('10.0.0.1', '10.0.0.2'),
      sn: fc.constantFrom('s1', 's2'),
      plugin: fc.constantFrom('p1', 'p2'),
      config: fc.constantFrom('c1', 'c2', 'c3'),
      n: value,
      nested: fc.oneof(fc.record({ x: value }), fc.array(fc.record({ x: value }), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  );
  const docs = fc
    .array(fc.tuple(fc.constantFrom(...tenants), optionalFields), { maxLength: 25 })
    .map((rows) => rows.map(([tenant, fields], i) => device(`dev${i}`, { tenant_uuid: tenant, ...fields })));

  const condition = fc.oneof(
    value,
    fc.record({ $in: fc.array(value, { maxLength: 3 }) }),
    fc.record({ $nin: fc.array(value, { maxLength: 3 }) }),
    fc.record({ $ne: value }),
    fc.record({ $exists: fc.boolean() }),
    fc.record({ $gt: value }),
    fc.record({ $in: fc.constant(['m1', 'm2']), $ne: fc.constant('m1') }),
  );
  const selector = fc.dictionary(
    fc.constantFrom('mac', 'ip', 'sn', 'plugin', 'config', 'n', 'nested.x', 'id', 'tenant_uuid'),
    condition as fc.Arbitrary<JsonValue>,
    { maxKeys: 3 },
  );
  const params = fc.record(
    {
      selector,
      skip: fc.integer({ min: 0, max: 6 }),
      limit: fc.integer({ min: 0, max: 6 }),
      sort: fc.constantFrom('n', 'mac', 'nested.x', 'id'),
      sortOrd: fc.constantFrom('ASC', 'DESC', 'x'),
      fields: fc.subarray(['mac', 'n', 'nested.x', 'tenant_uuid']),
    },
    { requiredKeys: ['selector'] },
  );
  const scope = fc.oneof(fc.constant<'all'>('all'), fc.subarray([...tenants]));

  it('for random documents, selectors and pages', () => {
    fc.assert(
      fc.property(docs, params, scope, (documents, findParams, tenantUuids) => {
        const model = seeded(documents);
        const reference = findInMemory(documents, {
          ...findParams,
          selector:
            tenantUuids === 'all'
              ? findParams.selector
              : { ...findParams.selector, tenant_uuid: { $in: [...tenantUuids] } },
        });
        expect(model.find({ ...findParams, tenantUuids })).toEqual(reference);
        dbs.pop()?.close();
      }),
      { numRuns: 300 },
    );
  });
});
