/** A tenant of the built-in authentication: tokens belong to one and act on its subtree. */
export interface TenantCreated {
  readonly type: 'TenantCreated';
  readonly data: {
    readonly tenantUuid: string;
    /** null only for a root: the master tenant. */
    readonly parentUuid: string | null;
    readonly name: string;
  };
}

export interface TenantDeleted {
  readonly type: 'TenantDeleted';
  readonly data: { readonly tenantUuid: string };
}

export type TenantEvent = TenantCreated | TenantDeleted;
export type TenantEventType = TenantEvent['type'];
