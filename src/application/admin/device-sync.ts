import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../eventstore/port.js';
import type { SyncPlan } from '../../plugin-runtime/contract.js';
import type { ReadModels } from '../../projections/read-models.js';
import { runDeviceCommand } from '../aggregates.js';
import { deviceRawConfig } from '../file-cache/device-raw-config.js';
import { Operation } from '../operations/operation.js';
import type { ActivePlugins } from '../plugins/active-plugins.js';
import type { SyncTarget } from '../sync/synchronizer.js';
import { syncTargetOf } from '../sync/target.js';
import { AdminError, type Requester } from './admin-context.js';

export type { SyncTarget } from '../sync/synchronizer.js';

/** Sends the plugin's plan to the phone (SIP NOTIFY, Asterisk…); rejects with a reason for admins. */
export type SyncTransport = (target: SyncTarget, plan: SyncPlan) => Promise<void>;

export interface DeviceSyncDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly plugins: ActivePlugins;
  readonly configureNow: (deviceId: string) => Promise<void>;
  readonly urlKey: boolean;
  /** Undefined: synchronization is switched off on this server. */
  readonly transport: SyncTransport | undefined;
  readonly logger: { warn(details: object, message: string): void };
}

/**
 * POST /dev_mgr/synchronize (provd-spec §1.8, §5): the answer is a monitor, the work goes on
 * behind it. The request is recorded (SynchronizeRequested) so auditors see who made a phone
 * reload and when; the outcome is the monitor's.
 */
export class DeviceSync {
  constructor(private readonly deps: DeviceSyncDeps) {}

  /** Refuses (404) a device the requester cannot see; otherwise starts and returns the operation. */
  async start(id: string, requester: Requester): Promise<Operation> {
    const device = this.deps.readModels.devices.get(id);
    if (device === undefined || !(await requester.visibleTenants()).includes(device.tenant_uuid)) {
      throw new AdminError('not_found', 'No such resource');
    }
    const operation = new Operation().start();
    this.#run(id, requester).then(
      () => operation.succeed(),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.deps.logger.warn({ device: id, reason }, 'device not synchronized');
        operation.fail(reason);
      },
    );
    return operation;
  }

  async #run(id: string, requester: Requester): Promise<void> {
    await this.deps.configureNow(id);
    const device = this.deps.readModels.devices.get(id);
    if (device === undefined) throw new Error(`Device ${id} was deleted`);
    if (!device.configured) throw new Error(`Can't synchronize not configured device ${id}`);
    const plugin = device.plugin === undefined ? undefined : this.deps.plugins.get(device.plugin);
    if (plugin === undefined) throw new Error(`Plugin ${device.plugin ?? '(none)'} is not installed/loaded`);
    const raw = deviceRawConfig(this.deps.readModels, device, { urlKey: this.deps.urlKey });
    if (E.isLeft(raw)) throw new Error(raw.left);
    const plan = plugin.synchronize(device, raw.right);
    if (plan.kind === 'unsupported') throw new Error(plan.reason);
    if (this.deps.transport === undefined) throw new Error('Synchronization is disabled on this server');
    const recorded = await runDeviceCommand(
      this.deps.store,
      { type: 'RequestSynchronize', deviceId: id },
      requester.metadata,
    );
    if (E.isLeft(recorded)) throw new Error(recorded.left.message);
    await this.deps.transport(syncTargetOf(device), plan);
  }
}
