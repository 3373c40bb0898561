export {
  AmiSynchronizer,
  type AmiSynchronizerOptions,
  DEFAULT_AMID_TIMEOUT_MS,
} from './ami/ami-synchronizer.js';
export {
  createSynchronizer,
  SYNC_MODES,
  type SynchronizerSettings,
  type SyncMode,
} from './create-synchronizer.js';
export {
  DEFAULT_SIP_PORT,
  type DirectSipNotifyOptions,
  DirectSipNotifySynchronizer,
} from './direct/direct-synchronizer.js';
export { DEFAULT_T1_MS, DEFAULT_T2_MS, type SipTimers } from './direct/timers.js';
export type { SyncLogger } from './logger.js';
