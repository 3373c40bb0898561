import type { SyncPlan } from '../../plugin-runtime/contract.js';
import { SyncError } from './synchronizer.js';

/** provd's default when a plugin cannot resynchronize its phones. */
export const DEFAULT_UNSUPPORTED_REASON = 'Re-synchronization is not supported';

export const unsupportedPlanError = (plan: Extract<SyncPlan, { kind: 'unsupported' }>): SyncError =>
  new SyncError(plan.reason.trim() === '' ? DEFAULT_UNSUPPORTED_REASON : plan.reason);
