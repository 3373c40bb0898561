import type { DeviceDocument, DeviceInfo } from '../domain/device/document.js';
import type { JsonObject } from '../domain/shared/json.js';

/**
 * The contract between provd and a vendor plugin. A plugin is a folder `plugins/<id>/` with a
 * manifest (`plugin.json`, see PluginManifest), a module (`index.js`, or `index.ts` in the source
 * tree) whose default export is a PluginModule, its templates (`templates/`, doT) and a static
 * doc root (`files/`) for firmware, language packs and other files served as they are.
 *
 * Every function is synchronous and pure with respect to provd's state: the host calls them
 * inside its pipeline and file-cache renderer, isolates exceptions (a throwing plugin is logged
 * and skipped, the request goes on) and does all I/O itself.
 */

/** provd's association scale (provd-spec §3.5). Only the numbers matter. */
export const SUPPORT = {
  NONE: 0,
  IMPROBABLE: 100,
  UNKNOWN: 200,
  PROBABLE: 300,
  INCOMPLETE: 400,
  COMPLETE: 500,
  EXACT: 600,
} as const;

/** A file request from a phone, as identification sees it. */
export interface FileRequest {
  readonly protocol: 'http' | 'tftp';
  /** The requested path without the URL key, `/`-separated, without leading slash. */
  readonly path: string;
  /** Last path segment. */
  readonly filename: string;
  readonly clientIp: string;
  /** HTTP request headers, lower-case names (User-Agent is `user-agent`). Empty for TFTP. */
  readonly headers: { readonly [name: string]: string };
}

/** A DHCP lease commit (POST /dev_mgr/dhcpinfo). */
export interface DhcpRequest {
  readonly protocol: 'dhcp';
  readonly clientIp: string;
  /** Normalized `aa:bb:cc:dd:ee:ff`. */
  readonly mac: string;
  /** Decoded options by code, e.g. `{ 60: 'yealink' }` for the vendor class identifier. */
  readonly options: { readonly [code: number]: string };
}

export type IdentifyRequest = FileRequest | DhcpRequest;

/** A file a plugin renders for one device, or for all its devices (common files). */
export interface RenderedFile {
  /** Path relative to the plugin's doc root, `/`-separated, e.g. `001565aabbcc.cfg`. */
  readonly path: string;
  readonly content: string;
}

/** What the host gives a plugin to render a device's files. */
export interface RenderInput {
  readonly device: DeviceDocument;
  /**
   * The device config flattened over the base raw config, with provd's configure-time defaults
   * applied (provd-spec §2.3). A plugin may add `XX_` keys to its own copy.
   */
  readonly rawConfig: JsonObject;
}

/** How to make a phone re-fetch its configuration; the host sends it. */
export type SyncPlan =
  | {
      readonly kind: 'sip-notify';
      /** SIP event header, e.g. `check-sync` or `check-sync;reboot=false`. */
      readonly event: string;
      readonly extraHeaders?: { readonly [name: string]: string };
    }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** The device cannot be configured by this plugin (e.g. no MAC): a clear reason for admins. */
export class PluginRenderError extends Error {
  override readonly name = 'PluginRenderError';
}

export interface PluginModule {
  /** Partial device info from a request; undefined when the plugin does not recognise it. */
  identify(request: IdentifyRequest): DeviceInfo | undefined;
  /** Support score for extracted device info, on the SUPPORT scale. */
  associate(info: DeviceInfo): number;
  /** Files shared by every device of the plugin, rendered from the base raw config. */
  renderCommon(baseRawConfig: JsonObject): readonly RenderedFile[];
  /** The device's own files; throws PluginRenderError when the device cannot be configured. */
  renderDevice(input: RenderInput): readonly RenderedFile[];
  /** The file whose download proves the phone has its current configuration. */
  triggerFilename(device: DeviceDocument): string | undefined;
  /** Files carrying secrets: fetching one is logged as a security event. */
  isSensitive(filename: string): boolean;
  synchronize(device: DeviceDocument, rawConfig: JsonObject): SyncPlan;
}

/** `plugin.json`. */
export interface PluginManifest {
  /** Folder name; also the plugin id in provd's API (e.g. `yealink-v86`). */
  readonly id: string;
  /** Plugin version; compared segment by segment as numbers (`0.10` > `0.9`). */
  readonly version: string;
  readonly vendor: string;
  readonly description: string;
  readonly description_fr?: string;
  /** provd's `capabilities`: `"<Vendor>, <model>, <version>"` → `{ "sip.lines": 16, … }`. */
  readonly capabilities: { readonly [vmv: string]: { readonly [key: string]: unknown } };
  /** Protocols the doc root is served over (default both). */
  readonly serves?: readonly ('http' | 'tftp')[];
}
