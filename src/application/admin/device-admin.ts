import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { DeviceCommand } from '../../domain/device/commands.js';
import { deviceDecider } from '../../domain/device/decider.js';
import type { DeviceDocument } from '../../domain/device/document.js';
import type { JsonObject } from '../../domain/shared/json.js';
import { deviceStream } from '../../domain/streams.js';
import type { EventStore } from '../../eventstore/port.js';
import type { FindParams } from '../../projections/find/find-params.js';
import { InvalidSelectorError } from '../../projections/find/selector.js';
import type { ReadModels } from '../../projections/read-models.js';
import { runConfigCommand, runDeviceCommand } from '../aggregates.js';
import { loadState } from '../command-handler.js';
import { AdminError, type Requester } from './admin-context.js';
import { configKind } from './config-kind.js';
import { unwrap } from './handle-result.js';

export interface DeviceAdminDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  /** Resolves once the read models include the event at `position` (read-your-writes). */
  readonly waitFor: (position: number) => Promise<void>;
  /**
   * Renders the device's files now if a change marked it, and records the outcome (provd's
   * `configured`), so the answer to a mutation already shows it.
   */
  readonly configureNow: (deviceId: string) => Promise<void>;
  readonly newDeviceId?: () => string;
}

/** Compare-and-set on the device stream: the ETag a client got (If-Match). */
export interface WriteOptions {
  readonly ifMatch?: number;
}

/**
 * provd's device management (provd-spec §1.8) over the Device aggregate. Reads come from the
 * devices projection; every write is a command whose events the projections have folded before
 * the method returns, so the client's next read sees its write.
 */
export class DeviceAdmin {
  readonly #deps: DeviceAdminDeps;
  readonly #newId: () => string;

  constructor(deps: DeviceAdminDeps) {
    this.#deps = deps;
    this.#newId = deps.newDeviceId ?? (() => randomUUID().replaceAll('-', ''));
  }

  /** provd's find over the requester's devices (its own tenant, or its sub-tree with `recurse`). */
  async list(params: FindParams, requester: Requester, recurse: boolean): Promise<JsonObject[]> {
    const tenants = recurse ? await requester.visibleTenants() : [requester.tenant];
    try {
      return this.#deps.readModels.devices.find({ ...params, tenantUuids: tenants });
    } catch (error) {
      if (error instanceof InvalidSelectorError) throw new AdminError('invalid', error.message);
      throw error;
    }
  }

  /** A device of the requester's sub-tree (always recursive, as provd). */
  async get(id: string, requester: Requester): Promise<DeviceDocument> {
    const device = this.#deps.readModels.devices.get(id);
    if (device === undefined || !(await requester.visibleTenants()).includes(device.tenant_uuid)) {
      throw new AdminError('not_found', 'No such resource');
    }
    return device;
  }

  /** The device's stream revision: its ETag. */
  revision(id: string): number | undefined {
    return this.#deps.readModels.revisions.revision(deviceStream(id));
  }

  /** The device as it was at `instant`, if it existed then and is visible to the requester. */
  async at(id: string, instant: Date, requester: Requester): Promise<DeviceDocument> {
    const { state } = await loadState(this.#deps.store, deviceStream(id), deviceDecider, { until: instant });
    const device = state.document;
    if (device === undefined || !(await requester.visibleTenants()).includes(device.tenant_uuid)) {
      throw new AdminError('not_found', 'No such resource');
    }
    return device;
  }

  /**
   * The tenant a device belongs to now, or belonged to when it was deleted: auditors read the
   * history of deleted devices too. Undefined when the stream has no event.
   */
  async lastTenant(id: string): Promise<string | undefined> {
    const current = this.#deps.readModels.devices.get(id);
    if (current !== undefined) return current.tenant_uuid;
    let tenant: string | undefined;
    for await (const event of this.#deps.store.readStream(deviceStream(id))) {
      const data = event.data as { tenantUuid?: unknown };
      if (
        (event.type === 'DeviceDiscovered' ||
          event.type === 'DeviceCreated' ||
          event.type === 'TenantAssigned') &&
        typeof data.tenantUuid === 'string'
      ) {
        tenant = data.tenantUuid;
      }
    }
    return tenant;
  }

  /** POST /dev_mgr/devices: the device lands in the requester's tenant, whatever the body says. */
  async create(fields: JsonObject, requester: Requester, masterTenant: string): Promise<string> {
    const id = typeof fields.id === 'string' && fields.id !== '' ? fields.id : this.#newId();
    const command: DeviceCommand = {
      type: 'CreateDevice',
      deviceId: id,
      fields,
      tenantUuid: requester.tenant,
      masterTenant,
    };
    // The aggregate checks the id (usable in file names and stream names) before anything is written.
    const handled = unwrap(await runDeviceCommand(this.#deps.store, command, requester.metadata));
    await this.#settle(id, handled.position);
    return id;
  }

  /** PUT /dev_mgr/devices/{id}: full replacement, mapped to fine-grained events by the aggregate. */
  async update(
    id: string,
    fields: JsonObject,
    requester: Requester,
    masterTenant: string,
    options: WriteOptions = {},
  ): Promise<void> {
    const device = this.#deps.readModels.devices.get(id);
    if (device === undefined) throw new AdminError('not_found', 'No such resource');
    // A device still in the master tenant is claimed by whoever PUTs it (provd-spec §4.3).
    if (
      device.tenant_uuid !== masterTenant &&
      !(await requester.visibleTenants()).includes(device.tenant_uuid)
    ) {
      throw new AdminError('not_found', 'No such resource');
    }
    const { configs } = this.#deps.readModels;
    const requested = fields.tenant_uuid;
    const result = await runDeviceCommand(
      this.#deps.store,
      {
        type: 'UpdateDevice',
        deviceId: id,
        fields,
        effectiveTenant: requester.tenant,
        masterTenant,
        ...(typeof requested === 'string' ? { requestedTenant: requested } : {}),
        configKind: configKind(configs, typeof fields.config === 'string' ? fields.config : null),
        previousConfigKind: configKind(configs, device.config),
      },
      requester.metadata,
      options.ifMatch === undefined ? {} : { expectedRevision: options.ifMatch },
    );
    const handled = unwrap(result, options.ifMatch);
    await this.#settle(id, handled.position);
    const next = typeof fields.config === 'string' ? fields.config : undefined;
    if (device.config !== undefined && device.config !== next) {
      await this.#dropTransientConfig(device.config, requester);
    }
  }

  /** DELETE /dev_mgr/devices/{id}; its transient config goes too when nothing else uses it. */
  async remove(id: string, requester: Requester, options: WriteOptions = {}): Promise<void> {
    const device = await this.get(id, requester);
    const result = await runDeviceCommand(
      this.#deps.store,
      { type: 'DeleteDevice', deviceId: id },
      requester.metadata,
      options.ifMatch === undefined ? {} : { expectedRevision: options.ifMatch },
    );
    const handled = unwrap(result, options.ifMatch);
    await this.#settle(id, handled.position);
    if (device.config !== undefined) await this.#dropTransientConfig(device.config, requester);
  }

  /**
   * POST /dev_mgr/reconfigure: render the device's files again. Files are a projection of the
   * log, so this only re-runs the render; every failure is a 400, as in provd.
   */
  async reconfigure(id: string, requester: Requester): Promise<void> {
    try {
      await this.get(id, requester);
    } catch (error) {
      if (error instanceof AdminError) throw new AdminError('invalid', `No device with id ${id}`);
      throw error;
    }
    await this.#deps.configureNow(id);
  }

  async #settle(id: string, position: number | undefined): Promise<void> {
    if (position !== undefined) await this.#deps.waitFor(position);
    await this.#deps.configureNow(id);
  }

  /** provd deleted a transient config (an autocreated one) once no device used it. */
  async #dropTransientConfig(configId: string, requester: Requester): Promise<void> {
    const { readModels } = this.#deps;
    const config = readModels.configs.get(configId);
    if (config?.transient !== true) return;
    if (readModels.devices.findByConfigs([configId]).length > 0) return;
    const result = await runConfigCommand(
      this.#deps.store,
      { type: 'DeleteConfig', configId },
      requester.metadata,
    );
    if (E.isRight(result) && result.right.position !== undefined)
      await this.#deps.waitFor(result.right.position);
  }
}
