import { SyncError } from '../../../application/sync/synchronizer.js';

/** RFC 3261 `token`: what a header name may be made of. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/**
 * Headers the request builds itself, long and compact forms: a plugin replacing one would break
 * transaction matching or the framing. `Content` is how Asterisk's PJSIPNotify adds body lines;
 * a request built here carries no body, so a plan that needs one is refused rather than sent
 * with the body turned into a header.
 */
const RESERVED = new Set([
  'via',
  'v',
  'from',
  'f',
  'to',
  't',
  'call-id',
  'i',
  'cseq',
  'max-forwards',
  'contact',
  'm',
  'event',
  'o',
  'subscription-state',
  'content-length',
  'l',
  'content-type',
  'c',
  'content',
  'user-agent',
]);

/** Checked header lines, in the plan's order. A value can never inject a line of its own. */
export const extraHeaderLines = (headers: { readonly [name: string]: string } = {}): string[] =>
  Object.entries(headers).map(([name, value]) => {
    if (!TOKEN.test(name)) throw new SyncError(`the plugin asked for an invalid SIP header name "${name}"`);
    if (RESERVED.has(name.toLowerCase())) {
      throw new SyncError(`the plugin asked for SIP header "${name}", which a direct NOTIFY cannot carry`);
    }
    if (/[\r\n\0]/.test(value)) throw new SyncError(`the plugin's SIP header "${name}" has a line break`);
    return `${name}: ${value.trim()}`;
  });

export const checkEvent = (event: string): string => {
  const value = event.trim();
  if (value === '' || /[\r\n\0]/.test(value)) {
    throw new SyncError(`the plugin asked for an invalid SIP event ${JSON.stringify(event)}`);
  }
  return value;
};
