/**
 * What provd needs of wazo-auth's token document (`{"data": {"token", "metadata": {"tenant_uuid",
 * "uuid", …}, "acl", "utc_issued_at", "utc_expires_at", "session_uuid", …}}`).
 */
export interface WazoTokenData {
  readonly token: string;
  /** `metadata.tenant_uuid`; wazo-auth's internal tokens may have none. */
  readonly tenantUuid: string | undefined;
  /** `metadata.uuid`: the user (or service user) the token was issued to. */
  readonly userUuid: string | undefined;
  readonly sessionUuid: string | undefined;
  readonly acl: readonly string[];
  /** Epoch milliseconds, from wazo-auth's clock. */
  readonly issuedAt: number | undefined;
  readonly expiresAt: number | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * wazo-auth writes UTC times without a zone (`2024-03-01T12:00:00.123456`), microseconds
 * included; a time with a zone is taken as written.
 */
export const parseUtcTime = (value: unknown): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').slice(0, 4);
  const ms = Date.parse(`${match[1]}${fraction}${match[3] ?? 'Z'}`);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The token document out of an answer body; undefined when it does not have that shape. */
export const parseTokenBody = (body: string): WazoTokenData | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !isObject(parsed.data)) return undefined;
  const data = parsed.data;
  const token = optionalString(data.token);
  if (token === undefined) return undefined;
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const acl = Array.isArray(data.acl) ? data.acl.filter((a): a is string => typeof a === 'string') : [];
  return {
    token,
    tenantUuid: optionalString(metadata.tenant_uuid),
    userUuid: optionalString(metadata.uuid),
    sessionUuid: optionalString(data.session_uuid),
    acl,
    issuedAt: parseUtcTime(data.utc_issued_at),
    expiresAt: parseUtcTime(data.utc_expires_at),
  };
};

/** The tenant uuids of a `GET /0.1/tenants` answer (`{"items": [{"uuid", …}], …}`). */
export const parseTenantList = (body: string): string[] | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.items)) return undefined;
  const uuids: string[] = [];
  for (const item of parsed.items) {
    if (!isObject(item) || optionalString(item.uuid) === undefined) return undefined;
    uuids.push(item.uuid as string);
  }
  return uuids;
};
