import type { SyncTarget } from '../../../application/sync/synchronizer.js';
import { usableSipUsername } from '../../../application/sync/target.js';
import type { SyncPlan } from '../../../plugin-runtime/contract.js';

/** wazo-amid's JSON body for the AMI action PJSIPNotify: the action's fields as JSON keys. */
export type PjsipNotifyBody =
  | { readonly Endpoint: string; readonly Variable: readonly string[] }
  | { readonly URI: string; readonly Variable: readonly string[] };

/**
 * provd's choice: the phone's own SIP endpoint when there is one, so Asterisk uses its
 * registration contact (which crosses NAT); else its recorded IP. Undefined when neither is known.
 * `Variable` entries are `Name=value`: Asterisk adds each as a header, except `Content`, which
 * it appends to the body.
 */
export const pjsipNotifyBody = (
  target: SyncTarget,
  plan: Extract<SyncPlan, { kind: 'sip-notify' }>,
): PjsipNotifyBody | undefined => {
  const Variable = [
    `Event=${plan.event}`,
    ...Object.entries(plan.extraHeaders ?? {}).map(([name, value]) => `${name}=${value}`),
  ];
  const endpoint = usableSipUsername(target);
  if (endpoint !== undefined) return { Endpoint: endpoint, Variable };
  if (target.ip === undefined || target.ip === '') return undefined;
  const port = target.sipPort === undefined ? '' : `:${target.sipPort}`;
  return { URI: `sip:anonymous@${target.ip}${port}`, Variable };
};

/** Who the NOTIFY was for, as an admin reads it in an error. */
export const describeDestination = (body: PjsipNotifyBody): string =>
  'Endpoint' in body ? `endpoint ${body.Endpoint}` : body.URI;
