import { isJsonObject } from '../domain/shared/json.js';
import {
  type PluginHelpers,
  type PluginManifest,
  PluginRenderError,
  type PluginRuntime,
  SUPPORT,
} from './contract.js';
import { compactMac, normalizeMac } from './mac.js';
import type { TemplateSet } from './templates/compile-templates.js';
import { formatUtcOffset, timezoneInfo } from './timezone.js';

/** The same for every plugin; also what plugin tests build plugin parts with. */
export const PLUGIN_HELPERS: PluginHelpers = Object.freeze({
  SUPPORT,
  PluginRenderError,
  normalizeMac,
  compactMac,
  isJsonObject,
  timezoneInfo,
  formatUtcOffset,
});

export interface RuntimeParts {
  readonly manifest: PluginManifest;
  readonly dir: string;
  readonly docRoot: string;
  readonly templates: TemplateSet;
}

export const pluginRuntime = ({ manifest, dir, docRoot, templates }: RuntimeParts): PluginRuntime =>
  Object.freeze({ ...PLUGIN_HELPERS, manifest, dir, docRoot, templates });
