/**
 * Records a tenant. The shell has checked that the parent exists (another aggregate): a tenant
 * stream only knows itself.
 */
export interface CreateTenant {
  readonly type: 'CreateTenant';
  readonly tenantUuid: string;
  readonly parentUuid: string | null;
  readonly name: string;
}

/**
 * Deletes a tenant. What lives in other streams and decides whether it may go comes from the
 * shell's read models: the master tenant, the tenant's direct sub-tenants, how many devices it
 * holds and which of its tokens still authenticate.
 */
export interface DeleteTenant {
  readonly type: 'DeleteTenant';
  readonly tenantUuid: string;
  readonly masterTenant: string | undefined;
  readonly subTenants: readonly string[];
  readonly deviceCount: number;
  readonly activeTokens: readonly string[];
}

export type TenantCommand = CreateTenant | DeleteTenant;
