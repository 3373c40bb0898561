export interface TenantState {
  /** undefined before creation and after deletion (the uuid may then be created again). */
  readonly tenant: { readonly parentUuid: string | null; readonly name: string } | undefined;
}

export const initialTenantState: TenantState = { tenant: undefined };
