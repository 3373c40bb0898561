import type { PluginManifest, PluginModule } from '../../../src/plugin-runtime/contract.js';
import type { PluginHandle } from '../../../src/plugin-runtime/isolate.js';
import type { PluginLogger } from '../../../src/plugin-runtime/logger.js';

const inert: PluginModule = {
  identify: () => undefined,
  associate: () => 0,
  renderCommon: () => [],
  renderDevice: () => [],
  triggerFilename: () => undefined,
  isSensitive: () => false,
  synchronize: () => ({ kind: 'unsupported', reason: 'stub' }),
};

/** A plugin handle whose functions do nothing unless overridden. */
export const stubPlugin = (
  id: string,
  version: string,
  overrides: Partial<PluginModule> = {},
): PluginHandle => {
  const manifest: PluginManifest = { id, version, vendor: 'Stub', description: 'stub', capabilities: {} };
  return { manifest, module: { ...inert, ...overrides } };
};

export interface LogEntry {
  readonly level: 'warn' | 'error';
  readonly details: { readonly [key: string]: unknown };
  readonly message: string;
}

export const recordingLogger = (): PluginLogger & { readonly entries: LogEntry[] } => {
  const entries: LogEntry[] = [];
  return {
    entries,
    warn: (details, message) => entries.push({ level: 'warn', details: { ...details }, message }),
    error: (details, message) => entries.push({ level: 'error', details: { ...details }, message }),
  };
};
