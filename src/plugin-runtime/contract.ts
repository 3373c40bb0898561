import type { DeviceDocument, DeviceInfo } from '../domain/device/document.js';
import type { JsonObject } from '../domain/shared/json.js';
import type { TemplateSet } from './templates/compile-templates.js';
import type { TimezoneInfo } from './timezone.js';

/**
 * The contract between provd and a vendor plugin. A plugin is a folder `plugins/<id>/` with a
 * manifest (`plugin.json`, see PluginManifest), a module (`index.js`, or `index.ts` in the source
 * tree) whose default export is a PluginFactory, its templates (`templates/`, doT) and a static
 * doc root (`files/`) for firmware, language packs and other files served as they are.
 *
 * A plugin is installed as a package, away from provd's own code: it may import provd's types
 * (`import type`, erased when compiled) but no provd value. What it needs at run time comes in
 * the PluginRuntime handed to its factory.
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

/**
 * The helpers provd lends every plugin. They are the host's own, so a plugin agrees with the host
 * on what a MAC address or a time zone is, and a PluginRenderError it throws is the class the
 * host recognises.
 */
export interface PluginHelpers {
  readonly SUPPORT: typeof SUPPORT;
  readonly PluginRenderError: typeof PluginRenderError;
  /** `aa:bb:cc:dd:ee:ff` from any usual spelling, or undefined when the text is not a MAC. */
  readonly normalizeMac: (text: string) => string | undefined;
  /** `aabbccddeeff`, or undefined when the text is not a MAC. */
  readonly compactMac: (text: string) => string | undefined;
  readonly isJsonObject: (value: unknown) => value is JsonObject;
  /** Standard offset and DST rule of an IANA zone in a year; undefined for an unknown zone. */
  readonly timezoneInfo: (name: string, year: number) => TimezoneInfo | undefined;
  /** Minutes as `+1`, `-5`, `+5:30`. */
  readonly formatUtcOffset: (minutes: number) => string;
}

/** What the host hands a plugin's factory when it loads the plugin. */
export interface PluginRuntime extends PluginHelpers {
  readonly manifest: PluginManifest;
  /** Absolute path of the installed plugin folder. */
  readonly dir: string;
  /** `<dir>/files`, the static doc root (may not exist). */
  readonly docRoot: string;
  /** The plugin's `templates/`, compiled by the host (a broken template fails the load). */
  readonly templates: TemplateSet;
}

/** The default export of a plugin's `index`: called once per load. */
export type PluginFactory = (runtime: PluginRuntime) => PluginModule | Promise<PluginModule>;

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
  /** Optional packages (firmware, language files…) an admin may install into the doc root. */
  readonly packages?: { readonly [packageId: string]: PluginPackageDefinition };
}

/** A package a plugin offers (provd-spec §6.5): files downloaded, checked and put under `files/`. */
export interface PluginPackageDefinition {
  readonly version: string;
  readonly description: string;
  readonly description_fr?: string;
  readonly files: readonly PluginPackageFile[];
}

export interface PluginPackageFile {
  /** An http(s) URL, or a path relative to the plugin repository the plugin comes from. */
  readonly url: string;
  /** Size in bytes. */
  readonly size: number;
  /** sha256 of the content, hex. */
  readonly sha256: string;
  /** Where the file goes, relative to the doc root (`files/`), `/`-separated. */
  readonly path: string;
}
