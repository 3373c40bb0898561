import { expect } from 'vitest';
import type { RecordedEvent } from '../../../src/eventstore/envelope.js';
import type { EventStore } from '../../../src/eventstore/port.js';
import { MAIN, MULTITENANT_TOKEN, SUB1, SUB2 } from '../../rest/support/fixture-auth.js';
import type { RestTestServer } from '../../rest/support/rest-server.js';
import { sleep } from '../../support/wait-for.js';

export { MAIN, MULTITENANT_TOKEN, SUB1, SUB2 };

/** A SUB1 auditor: the audit ACLs, not the secrets one. */
export const SUB1_AUDITOR = 'auditor-sub1';
/** A master-tenant auditor without `provd.audit.secrets.read`. */
export const MAIN_AUDITOR = 'auditor-main';
/** A master-tenant token without any audit ACL. */
export const NO_AUDIT = 'no-audit';

export const AUDIT_ACLS = ['provd.audit.events.read', 'provd.audit.devices.#'];

export const addAuditTokens = (t: RestTestServer): void => {
  t.auth.addToken(SUB1_AUDITOR, SUB1, AUDIT_ACLS);
  t.auth.addToken(MAIN_AUDITOR, MAIN, AUDIT_ACLS);
  t.auth.addToken(NO_AUDIT, MAIN, ['provd.dev_mgr.#', 'provd.cfg_mgr.#']);
};

/** A device created through the API, in `tenant` (the master tenant by default). */
export const createDevice = async (
  t: RestTestServer,
  id: string,
  fields: Record<string, unknown> = {},
  tenant?: string,
): Promise<void> => {
  const response = await t
    .api()
    .post(
      '/0.2/dev_mgr/devices',
      { device: { id, ...fields } },
      tenant ? { headers: { 'wazo-tenant': tenant } } : {},
    );
  expect(response.statusCode, response.body).toBe(201);
};

/** Creates or replaces a config (provd's PUT replaces the whole document). */
export const putConfig = async (
  t: RestTestServer,
  id: string,
  rawConfig: Record<string, unknown>,
  parents: readonly string[] = [],
): Promise<void> => {
  const exists = (await t.api().get(`/0.2/cfg_mgr/configs/${id}`)).statusCode === 200;
  const config = { id, parent_ids: parents, raw_config: rawConfig, X_type: 'registrar' };
  const response = exists
    ? await t.api().put(`/0.2/cfg_mgr/configs/${id}`, { config })
    : await t.api().post('/0.2/cfg_mgr/configs', { config });
  expect(response.statusCode, response.body).toBe(exists ? 204 : 201);
};

/** Every event of the log (the reference the API's answers are checked against). */
export const logEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};

/** Waits until the log holds an event matching `predicate` (recorded in the background). */
export const waitForEvent = async (
  store: EventStore,
  predicate: (event: RecordedEvent) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<RecordedEvent> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await logEvents(store)).filter(predicate).at(-1);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

/** An instant strictly between two recorded events (times have millisecond precision). */
export const instantAfter = async (): Promise<string> => {
  await sleep(5);
  const at = new Date().toISOString();
  await sleep(5);
  return at;
};
