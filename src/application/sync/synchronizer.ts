import type { SyncPlan } from '../../plugin-runtime/contract.js';

/** What the synchronizers need to know about a device to reach the phone. */
export interface SyncTarget {
  readonly deviceId: string;
  /** The device's recorded IP: the address a NOTIFY goes to when no SIP endpoint can be used. */
  readonly ip?: string;
  /** The device's `remote_state_sip_username`: the SIP endpoint whose registration reaches the phone. */
  readonly sipUsername?: string;
  /** The phone's SIP port when it is not the synchronizer's default (5060). */
  readonly sipPort?: number;
}

export interface SyncOptions {
  /** Gives up on the request; the promise rejects at once. */
  readonly signal?: AbortSignal;
}

/**
 * Asks a phone to re-fetch its configuration. Resolves once the phone (or Asterisk, on its
 * behalf) accepted the request: there is no way to know that the phone then really fetched its
 * files. Rejects with a SyncError whose message is meant for an admin: it becomes the failed
 * operation's reason and is logged.
 */
export interface Synchronizer {
  synchronize(target: SyncTarget, plan: SyncPlan, options?: SyncOptions): Promise<void>;
  /** Releases sockets and cancels what is in flight; later synchronizations reject. */
  close(): Promise<void>;
}

export class SyncError extends Error {
  override readonly name = 'SyncError';
}
