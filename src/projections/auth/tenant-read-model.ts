import type { ReadModelDb } from '../runner/projection.js';
import { prepared } from '../runner/statement-cache.js';

export interface TenantRecord {
  readonly tenantUuid: string;
  /** null for a root (the master tenant). */
  readonly parentUuid: string | null;
  readonly name: string;
}

interface Row {
  tenant_uuid: string;
  parent_uuid: string | null;
  name: string;
}

const toRecord = (row: Row): TenantRecord => ({
  tenantUuid: row.tenant_uuid,
  parentUuid: row.parent_uuid,
  name: row.name,
});

// No path in a tree is longer than the number of tenants: the bound ends the recursion on a
// parent cycle, which only a corrupt log could hold, and min(depth) keeps each tenant once.
const SUBTREE = `WITH RECURSIVE tree (tenant_uuid, depth) AS (
    SELECT tenant_uuid, 0 FROM auth_tenants WHERE tenant_uuid = ?
    UNION
    SELECT child.tenant_uuid, tree.depth + 1
      FROM auth_tenants AS child JOIN tree ON child.parent_uuid = tree.tenant_uuid
      WHERE tree.depth < (SELECT count(*) FROM auth_tenants)
  )
  SELECT tenant_uuid, min(depth) AS depth FROM tree GROUP BY tenant_uuid ORDER BY depth, tenant_uuid`;

const ANCESTORS = `WITH RECURSIVE up (tenant_uuid, parent_uuid, depth) AS (
    SELECT tenant_uuid, parent_uuid, 0 FROM auth_tenants WHERE tenant_uuid = ?
    UNION
    SELECT parent.tenant_uuid, parent.parent_uuid, up.depth + 1
      FROM auth_tenants AS parent JOIN up ON parent.tenant_uuid = up.parent_uuid
      WHERE up.depth < (SELECT count(*) FROM auth_tenants)
  )
  SELECT tenant_uuid, min(depth) AS depth FROM up WHERE depth > 0 GROUP BY tenant_uuid ORDER BY depth`;

export class TenantReadModel {
  constructor(private readonly db: ReadModelDb) {}

  get(tenantUuid: string): TenantRecord | undefined {
    const row = prepared(
      this.db,
      'SELECT tenant_uuid, parent_uuid, name FROM auth_tenants WHERE tenant_uuid = ?',
    ).get(tenantUuid) as Row | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Every tenant, in creation order. */
  list(): TenantRecord[] {
    return (
      prepared(
        this.db,
        'SELECT tenant_uuid, parent_uuid, name FROM auth_tenants ORDER BY rowid',
      ).all() as Row[]
    ).map(toRecord);
  }

  /** The direct sub-tenants, by uuid. */
  children(tenantUuid: string): string[] {
    return (
      prepared(
        this.db,
        'SELECT tenant_uuid FROM auth_tenants WHERE parent_uuid = ? ORDER BY tenant_uuid',
      ).all(tenantUuid) as { tenant_uuid: string }[]
    ).map((row) => row.tenant_uuid);
  }

  /**
   * `tenantUuid` first, then every tenant below it, nearest first (by depth, then uuid); empty
   * for an unknown tenant.
   */
  subtree(tenantUuid: string): string[] {
    return (prepared(this.db, SUBTREE).all(tenantUuid) as { tenant_uuid: string }[]).map(
      (row) => row.tenant_uuid,
    );
  }

  /** The parent, its parent, … up to the root; empty for a root or an unknown tenant. */
  ancestors(tenantUuid: string): string[] {
    return (prepared(this.db, ANCESTORS).all(tenantUuid) as { tenant_uuid: string }[]).map(
      (row) => row.tenant_uuid,
    );
  }
}
