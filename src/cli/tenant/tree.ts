import type { TenantRecord } from '../../projections/auth/tenant-read-model.js';

const byName = (a: TenantRecord, b: TenantRecord): number =>
  a.name.localeCompare(b.name) || (a.tenantUuid < b.tenantUuid ? -1 : 1);

/**
 * The tenants as an indented tree, roots first (a tenant whose parent is missing counts as a
 * root, so nothing is ever hidden), siblings by name:
 *
 *     3f0c…  master
 *     ├── 8a41…  sales
 *     │   └── 11d2…  emea
 *     └── c9e7…  support
 */
export const renderTenantTree = (tenants: readonly TenantRecord[]): string[] => {
  const known = new Set(tenants.map((tenant) => tenant.tenantUuid));
  const children = new Map<string, TenantRecord[]>();
  const roots: TenantRecord[] = [];
  for (const tenant of tenants) {
    if (tenant.parentUuid === null || !known.has(tenant.parentUuid)) roots.push(tenant);
    else children.set(tenant.parentUuid, [...(children.get(tenant.parentUuid) ?? []), tenant]);
  }
  const lines: string[] = [];
  const visited = new Set<string>();
  const walk = (tenant: TenantRecord, prefix: string, branch: string): void => {
    if (visited.has(tenant.tenantUuid)) return;
    visited.add(tenant.tenantUuid);
    lines.push(`${prefix}${branch}${tenant.tenantUuid}  ${tenant.name}`);
    const below = (children.get(tenant.tenantUuid) ?? []).sort(byName);
    const childPrefix = prefix + (branch === '' ? '' : branch === '├── ' ? '│   ' : '    ');
    for (const [i, child] of below.entries()) {
      walk(child, childPrefix, i === below.length - 1 ? '└── ' : '├── ');
    }
  };
  for (const root of roots.sort(byName)) walk(root, '', '');
  return lines;
};
