import type { SyncPlan } from '../../plugin-runtime/contract.js';
import { SyncError, type Synchronizer, type SyncTarget } from './synchronizer.js';
import { unsupportedPlanError } from './unsupported.js';

/**
 * The synchronizer of a server told not to synchronize (mode `none`): every request fails with a
 * reason that says so, rather than the plugin's plan being silently dropped.
 */
export class DisabledSynchronizer implements Synchronizer {
  async synchronize(target: SyncTarget, plan: SyncPlan): Promise<void> {
    if (plan.kind === 'unsupported') throw unsupportedPlanError(plan);
    throw new SyncError(
      `cannot synchronize device ${target.deviceId}: synchronization is disabled on this server (sync mode none)`,
    );
  }

  async close(): Promise<void> {}
}
