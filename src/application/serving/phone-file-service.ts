import type { DeviceDocument } from '../../domain/device/document.js';
import type { EventMetadata } from '../../eventstore/envelope.js';
import type { FileRequest } from '../../plugin-runtime/contract.js';
import type { FileLookup, FoundFile } from '../file-cache/file-lookup.js';
import type { PhonePipeline } from '../pipeline/phone-pipeline.js';
import type { ActivePlugin } from '../plugins/active-plugins.js';
import type { RemoteStateRecorder } from './remote-state.js';

export type ServeOutcome =
  | { readonly kind: 'found'; readonly file: FoundFile; readonly device: DeviceDocument | undefined }
  | { readonly kind: 'not-found'; readonly reason: string };

export interface ServiceLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * One phone file request, whatever the protocol: identify and update the device (pipeline),
 * route to its plugin, look the file up in the file cache. The reason for a miss is for logs and
 * metrics only; the phone just gets "not found".
 */
export class PhoneFileService {
  constructor(
    private readonly pipeline: PhonePipeline,
    private readonly lookup: FileLookup,
    private readonly remoteState: RemoteStateRecorder,
    private readonly logger: ServiceLogger,
  ) {}

  async serve(
    request: FileRequest,
    context: {
      readonly tenantOfKey?: string;
      readonly requestId?: string;
      readonly caseInsensitive?: boolean;
    },
  ) {
    const metadata: EventMetadata = {
      source: request.protocol === 'http' ? 'phone-http' : 'phone-tftp',
      clientIp: request.clientIp,
      ...(context.requestId ? { correlationId: context.requestId } : {}),
    };
    const { device, plugin } = await this.pipeline.process(request, metadata);
    const outcome = this.#route(
      request,
      device,
      plugin,
      context.tenantOfKey,
      context.caseInsensitive ?? false,
    );
    if (outcome.kind === 'found' && device !== undefined && plugin !== undefined) {
      this.#afterServing(request, device, plugin, outcome.file, metadata);
    }
    return outcome;
  }

  #route(
    request: FileRequest,
    device: DeviceDocument | undefined,
    plugin: ActivePlugin | undefined,
    tenantOfKey: string | undefined,
    caseInsensitive: boolean,
  ): ServeOutcome {
    if (device === undefined) return { kind: 'not-found', reason: 'unknown device' };
    if (plugin === undefined) {
      return {
        kind: 'not-found',
        reason:
          device.plugin === undefined ? 'no plugin for the device' : `plugin ${device.plugin} not loaded`,
      };
    }
    // The URL key gate (provd-spec §4.4) only checked that the key existed; we also refuse a
    // device of another tenant. Devices still in the master tenant are served with any key.
    if (tenantOfKey !== undefined && !device.is_new && device.tenant_uuid !== tenantOfKey) {
      return { kind: 'not-found', reason: 'URL key of another tenant' };
    }
    const file = this.lookup.find(device, plugin, request.path, caseInsensitive);
    return file === undefined
      ? { kind: 'not-found', reason: 'no such file' }
      : { kind: 'found', file, device };
  }

  #afterServing(
    request: FileRequest,
    device: DeviceDocument,
    plugin: ActivePlugin,
    file: FoundFile,
    metadata: EventMetadata,
  ): void {
    if (plugin.isSensitive(request.filename)) {
      this.logger.warn(
        { security: true, ip: request.clientIp, file: request.filename, device: device.id },
        'sensitive file requested',
      );
    }
    if (file.kind === 'rendered' && plugin.triggerFilename(device) === request.filename) {
      this.remoteState.record(device, request.filename, file.hash, metadata).catch((error: unknown) => {
        this.logger.error({ err: error, device: device.id }, 'could not record the remote state');
      });
    }
  }
}
