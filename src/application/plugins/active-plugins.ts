import type * as E from 'fp-ts/lib/Either.js';
import type { DeviceDocument, DeviceInfo } from '../../domain/device/document.js';
import type { JsonObject } from '../../domain/shared/json.js';
import type { IdentifyRequest, RenderedFile, RenderInput, SyncPlan } from '../../plugin-runtime/contract.js';

/**
 * A loaded plugin as the application uses it: every call already isolated (a plugin that throws
 * is logged and answers "nothing"), rendering as an Either carrying a message for admins.
 */
export interface ActivePlugin {
  readonly id: string;
  readonly version: string;
  /** Absolute path of the plugin's static doc root (firmware, language files…). */
  readonly docRoot: string;
  identify(request: IdentifyRequest): DeviceInfo | undefined;
  associate(info: DeviceInfo): number;
  renderDevice(input: RenderInput): E.Either<string, readonly RenderedFile[]>;
  renderCommon(baseRawConfig: JsonObject): E.Either<string, readonly RenderedFile[]>;
  triggerFilename(device: DeviceDocument): string | undefined;
  isSensitive(filename: string): boolean;
  synchronize(device: DeviceDocument, rawConfig: JsonObject): SyncPlan;
}

/** The plugins loaded now (installed ones whose code could be loaded). */
export interface ActivePlugins {
  get(id: string): ActivePlugin | undefined;
  all(): readonly ActivePlugin[];
}
