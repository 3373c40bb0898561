import { DisabledSynchronizer } from '../../application/sync/disabled-synchronizer.js';
import type { Synchronizer } from '../../application/sync/synchronizer.js';
import { AmiSynchronizer } from './ami/ami-synchronizer.js';
import { DirectSipNotifySynchronizer } from './direct/direct-synchronizer.js';
import type { SipTimers } from './direct/timers.js';
import type { SyncLogger } from './logger.js';

export type SyncMode = 'sip-notify' | 'ami' | 'none';

export const SYNC_MODES: readonly SyncMode[] = ['sip-notify', 'ami', 'none'];

/** The settings docs/synchronization.md describes (`PROVD_SYNC_*`, `PROVD_AMID_URL`). */
export interface SynchronizerSettings {
  readonly mode: SyncMode;
  /** sip-notify: the phones' SIP port (default 5060). */
  readonly sipPort?: number;
  /** sip-notify: local IPv4 address to send from (default all interfaces). */
  readonly localAddress?: string;
  /** sip-notify: local UDP port (default ephemeral). */
  readonly localPort?: number;
  /** sip-notify: RFC 3261 timers in ms (tests shrink them). */
  readonly timers?: Partial<SipTimers>;
  /** ami: wazo-amid's base URL, e.g. `http://localhost:9491`. */
  readonly amidUrl?: string;
  /** ami: a wazo-auth token for wazo-amid, fetched (or renewed) for each request. */
  readonly token?: () => Promise<string>;
  /** ami: how long wazo-amid may take to answer (default 10 s). */
  readonly amidTimeoutMs?: number;
  readonly logger?: SyncLogger;
}

/** Throws at startup on a missing or bad setting rather than on the first synchronization. */
export const createSynchronizer = (settings: SynchronizerSettings): Synchronizer => {
  switch (settings.mode) {
    case 'none':
      return new DisabledSynchronizer();
    case 'sip-notify':
      return new DirectSipNotifySynchronizer({
        ...(settings.sipPort === undefined ? {} : { defaultPort: settings.sipPort }),
        ...(settings.localAddress === undefined ? {} : { localAddress: settings.localAddress }),
        ...(settings.localPort === undefined ? {} : { localPort: settings.localPort }),
        ...(settings.timers === undefined ? {} : { timers: settings.timers }),
        ...(settings.logger === undefined ? {} : { logger: settings.logger }),
      });
    case 'ami': {
      if (settings.amidUrl === undefined || settings.amidUrl === '') {
        throw new Error('synchronization mode ami needs the URL of wazo-amid (PROVD_AMID_URL)');
      }
      if (settings.token === undefined) {
        throw new Error('synchronization mode ami needs a token provider for wazo-amid');
      }
      return new AmiSynchronizer({
        amidUrl: settings.amidUrl,
        token: settings.token,
        ...(settings.amidTimeoutMs === undefined ? {} : { timeoutMs: settings.amidTimeoutMs }),
        ...(settings.logger === undefined ? {} : { logger: settings.logger }),
      });
    }
    default:
      throw new Error(`unknown synchronization mode ${String((settings as { mode: unknown }).mode)}`);
  }
};
