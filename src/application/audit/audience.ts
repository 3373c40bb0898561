/**
 * Who reads the audit trail, in the terms the trail needs. `everything`: the master tenant (and
 * an operator on the server's host), who sees every event; anyone else sees only the events of
 * devices that were in one of `tenants` (its sub-tree) when the event happened.
 */
export interface Audience {
  readonly everything: boolean;
  readonly tenants: ReadonlySet<string>;
  readonly revealSecrets: boolean;
}

/** The operator of a data directory: the whole log. */
export const operatorAudience = (revealSecrets: boolean): Audience => ({
  everything: true,
  tenants: new Set(),
  revealSecrets,
});

/** Whether a device in `tenant` (undefined: never had one) is visible to the audience. */
export const seesTenant = (audience: Audience, tenant: string | undefined): boolean =>
  audience.everything || (tenant !== undefined && audience.tenants.has(tenant));
