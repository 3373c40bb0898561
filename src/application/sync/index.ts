export { DisabledSynchronizer } from './disabled-synchronizer.js';
export type { Synchronizer, SyncOptions, SyncTarget } from './synchronizer.js';
export { SyncError } from './synchronizer.js';
export { isAutoprovUsername, notEnoughInformation, syncTargetOf, usableSipUsername } from './target.js';
export { DEFAULT_UNSUPPORTED_REASON, unsupportedPlanError } from './unsupported.js';
