import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { autocreateConfig } from '../../domain/config/autocreate.js';
import type { DeviceCommand } from '../../domain/device/commands.js';
import { DEVICE_INFO_KEYS, type DeviceDocument, type DeviceInfo } from '../../domain/device/document.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { EventStore } from '../../eventstore/port.js';
import type { IdentifyRequest } from '../../plugin-runtime/contract.js';
import type { ReadModels } from '../../projections/read-models.js';
import { runConfigCommand, runDeviceCommand, runDeviceCommands } from '../aggregates.js';
import type { HandleError } from '../command-handler.js';
import type { ActivePlugin, ActivePlugins } from '../plugins/active-plugins.js';
import { KeyedQueue } from './keyed-queue.js';
import { retrieveDevice } from './retrieve-device.js';

/** `default` creates unknown devices; `secure` only serves devices created through the API. */
export type PipelineMode = 'default' | 'secure';

export interface PipelineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface PipelineDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly plugins: ActivePlugins;
  /** Merged device info from every plugin's identification, the request's own values winning. */
  readonly extract: (request: IdentifyRequest) => DeviceInfo;
  /** Picks the plugin for extracted info: highest score ≥ PROBABLE, ties by version. */
  readonly choosePlugin: (info: DeviceInfo) => { pluginId: string; score: number } | undefined;
  /** Resolves once the read models have applied `position` (read-your-writes). */
  readonly waitFor: (position: number) => Promise<void>;
  readonly mode: PipelineMode;
  readonly logger: PipelineLogger;
  readonly newDeviceId?: () => string;
}

export interface PipelineResult {
  readonly info: DeviceInfo;
  readonly device: DeviceDocument | undefined;
  readonly plugin: ActivePlugin | undefined;
}

const deviceIdGenerator = (): string => randomUUID().replaceAll('-', '');

/**
 * provd's request processing (provd-spec §3): extract device info, retrieve or create the
 * device, learn what changed, associate a plugin, give it an autoprov config. A known phone whose
 * request teaches nothing new costs lookups only: events are written only for real changes.
 */
export class PhonePipeline {
  readonly #deps: PipelineDeps;
  readonly #queue = new KeyedQueue();
  readonly #newDeviceId: () => string;

  constructor(deps: PipelineDeps) {
    this.#deps = deps;
    this.#newDeviceId = deps.newDeviceId ?? deviceIdGenerator;
  }

  async process(request: IdentifyRequest, metadata: EventMetadata): Promise<PipelineResult> {
    const info = this.#deps.extract(request);
    const key = identityKey(info);
    if (key === undefined) return { info, device: undefined, plugin: undefined };
    return this.#queue.run(key, () => this.#process(request, info, metadata));
  }

  async #process(
    request: IdentifyRequest,
    info: DeviceInfo,
    metadata: EventMetadata,
  ): Promise<PipelineResult> {
    const { readModels, plugins } = this.#deps;
    const known = retrieveDevice(readModels.devices, info);
    if (known === undefined && this.#deps.mode === 'secure')
      return { info, device: undefined, plugin: undefined };
    const deviceId = known?.id ?? this.#newDeviceId();
    let last: number | undefined;
    if (info.ip !== undefined && !this.#behindNat())
      last = await this.#releaseIp(info.ip, deviceId, metadata, last);

    // Everything this request teaches about the device, appended as one commit.
    const commands: DeviceCommand[] = [];
    if (known === undefined) {
      const masterTenant = readModels.settings.masterTenant();
      if (masterTenant === undefined) throw new Error('the master tenant is not known yet');
      commands.push({ type: 'DiscoverDevice', deviceId, info, masterTenant, via: via(request) });
    } else {
      const changes = learntInfo(known, info);
      if (changes !== undefined) commands.push({ type: 'UpdateDeviceInfo', deviceId, info: changes });
    }
    if (known?.plugin === undefined) {
      const choice = this.#deps.choosePlugin(info);
      if (choice !== undefined) {
        commands.push({ type: 'AssociatePlugin', deviceId, plugin: choice.pluginId, score: choice.score });
      }
    }
    if (known?.config === undefined) {
      const created = await this.#autocreateConfig(metadata);
      if (created !== undefined) {
        last = created.position;
        commands.push({
          type: 'AssignConfig',
          deviceId,
          config: created.configId,
          kind: 'autoprov',
          previousKind: null,
        });
      }
    }
    if (commands.length > 0) {
      const result = await runDeviceCommands(this.#deps.store, deviceId, commands, metadata);
      if (E.isLeft(result)) {
        // The device changed under us (deleted by an admin meanwhile): the request goes on without it.
        if (result.left.code !== 'not_found') throw commandFailed(result.left);
      } else {
        last = result.right.position ?? last;
        if (known === undefined) {
          this.#deps.logger.info({ device: deviceId, ip: info.ip }, 'new device created automatically');
        }
      }
    }
    if (last !== undefined) await this.#deps.waitFor(last);
    const device = last === undefined ? known : readModels.devices.get(deviceId);
    const plugin = device?.plugin === undefined ? undefined : plugins.get(device.plugin);
    return { info, device, plugin };
  }

  #behindNat(): boolean {
    return Number(this.#deps.readModels.settings.parameter('NAT') ?? 0) === 1;
  }

  /** Without NAT an IP belongs to one phone: other devices still recorded with it lose it. */
  async #releaseIp(ip: string, keeper: string, metadata: EventMetadata, last: number | undefined) {
    let position = last;
    for (const other of this.#deps.readModels.devices.findByIp(ip)) {
      if (other.id === keeper) continue;
      position =
        (await this.#device(
          { type: 'UpdateDeviceInfo', deviceId: other.id, info: {}, removed: ['ip'] },
          metadata,
        )) ?? position;
    }
    return position;
  }

  /** A transient child of the autocreate config (provd-spec §1.9), for a device without config. */
  async #autocreateConfig(
    metadata: EventMetadata,
  ): Promise<{ configId: string; position: number } | undefined> {
    const template = this.#deps.readModels.configs.autocreateConfig();
    if (template === undefined) return undefined;
    const { id: autocreateId, ...doc } = template;
    const command = autocreateConfig(autocreateId, doc, `${autocreateId}${randomUUID()}`);
    if (command === undefined) return undefined;
    const created = await runConfigCommand(this.#deps.store, command, metadata);
    if (E.isLeft(created)) throw commandFailed(created.left);
    return created.right.position === undefined
      ? undefined
      : { configId: command.configId, position: created.right.position };
  }

  async #device(command: DeviceCommand, metadata: EventMetadata): Promise<number | undefined> {
    const result = await runDeviceCommand(this.#deps.store, command, metadata);
    if (E.isLeft(result)) {
      if (result.left.code === 'not_found') return undefined;
      throw commandFailed(result.left);
    }
    return result.right.position;
  }
}

const via = (request: IdentifyRequest): 'phone-http' | 'phone-tftp' | 'dhcp' =>
  request.protocol === 'http' ? 'phone-http' : request.protocol === 'tftp' ? 'phone-tftp' : 'dhcp';

/** What identifies the phone for serialising its requests; nothing at all means no device. */
const identityKey = (info: DeviceInfo): string | undefined =>
  info.mac !== undefined
    ? `mac:${info.mac}`
    : info.sn !== undefined
      ? `sn:${info.sn}`
      : info.uuid !== undefined
        ? `uuid:${info.uuid}`
        : info.ip !== undefined
          ? `ip:${info.ip}`
          : undefined;

/**
 * provd's updater (§3.4): keys the device lacks are learnt, `ip` and `version` always follow the
 * latest request. Undefined when nothing changes.
 */
export const learntInfo = (device: DeviceDocument, info: DeviceInfo): DeviceInfo | undefined => {
  const changes: Record<string, string> = {};
  for (const key of DEVICE_INFO_KEYS) {
    const value = info[key];
    if (value === undefined) continue;
    const refreshed = key === 'ip' || key === 'version';
    if (device[key] === undefined || (refreshed && device[key] !== value)) changes[key] = value;
  }
  return Object.keys(changes).length === 0 ? undefined : changes;
};

const commandFailed = (error: HandleError): Error => new Error(`${error.code}: ${error.message}`);
