import * as E from 'fp-ts/lib/Either.js';
import { DEVICE_INFO_KEYS, type DeviceDocument, type DeviceInfo } from '../domain/device/document.js';
import type { JsonObject } from '../domain/shared/json.js';
import type { IdentifyRequest, PluginRenderError, RenderedFile, RenderInput, SyncPlan } from './contract.js';
import type { LoadedPlugin } from './load-plugin.js';
import type { PluginLogger } from './logger.js';
import { renderedFilesProblem } from './rendered-paths.js';
import { errorMessage } from './templates/errors.js';

/**
 * The host never calls a plugin function directly: these wrappers do, and never throw. A plugin
 * that throws (or answers nonsense) from identify/associate/triggerFilename/isSensitive is logged
 * with its id and counts as "no answer" (undefined); provd let such exceptions fail the whole
 * request (plugins.md §7.1). Renders return an Either the caller turns into "not configured".
 */

/** What the wrappers need of a plugin (a LoadedPlugin, or a stub in tests). */
export type PluginHandle = Pick<LoadedPlugin, 'manifest' | 'module'>;

export type RenderFailureKind =
  /** The plugin refused the device with a PluginRenderError (e.g. no MAC): an admin-facing reason. */
  | 'unconfigurable'
  /** The plugin (or one of its templates) threw something else: a plugin bug. */
  | 'plugin-error'
  /** The plugin returned files the host refuses to write (unsafe path, duplicate, wrong shape). */
  | 'invalid-output';

export interface RenderFailure {
  readonly pluginId: string;
  readonly kind: RenderFailureKind;
  readonly message: string;
}

type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

const call = <T>(
  plugin: PluginHandle,
  fn: string,
  logger: PluginLogger,
  run: () => T,
  details: object = {},
): Answer<T> => {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    logger.warn(
      { plugin: plugin.manifest.id, function: fn, error: errorMessage(err), ...details },
      `plugin ${plugin.manifest.id}: ${fn} threw; treated as no answer`,
    );
    return { ok: false };
  }
};

const invalidAnswer = (plugin: PluginHandle, fn: string, logger: PluginLogger, value: unknown): undefined => {
  logger.warn(
    { plugin: plugin.manifest.id, function: fn, answer: String(value) },
    `plugin ${plugin.manifest.id}: ${fn} returned an invalid answer; treated as no answer`,
  );
  return undefined;
};

/** Keeps the known device-info keys with non-empty string values; nothing left → no answer. */
const cleanDeviceInfo = (value: object): DeviceInfo | undefined => {
  const source = value as { readonly [key: string]: unknown };
  const info: { [key: string]: string } = {};
  for (const key of DEVICE_INFO_KEYS) {
    const v = source[key];
    if (typeof v === 'string' && v !== '') info[key] = v;
  }
  return Object.keys(info).length > 0 ? info : undefined;
};

export const safeIdentify = (
  plugin: PluginHandle,
  request: IdentifyRequest,
  logger: PluginLogger,
): DeviceInfo | undefined => {
  const answer = call(plugin, 'identify', logger, () => plugin.module.identify(request) as unknown, {
    protocol: request.protocol,
  });
  if (!answer.ok || answer.value === undefined || answer.value === null) return undefined;
  if (typeof answer.value !== 'object') return invalidAnswer(plugin, 'identify', logger, answer.value);
  return cleanDeviceInfo(answer.value);
};

export const safeAssociate = (
  plugin: PluginHandle,
  info: DeviceInfo,
  logger: PluginLogger,
): number | undefined => {
  const answer = call(plugin, 'associate', logger, () => plugin.module.associate(info) as unknown);
  if (!answer.ok) return undefined;
  if (typeof answer.value !== 'number' || !Number.isFinite(answer.value)) {
    return invalidAnswer(plugin, 'associate', logger, answer.value);
  }
  return answer.value;
};

export const safeTriggerFilename = (
  plugin: PluginHandle,
  device: DeviceDocument,
  logger: PluginLogger,
): string | undefined => {
  const answer = call(
    plugin,
    'triggerFilename',
    logger,
    () => plugin.module.triggerFilename(device) as unknown,
  );
  if (!answer.ok || answer.value === undefined || answer.value === null) return undefined;
  if (typeof answer.value !== 'string') return invalidAnswer(plugin, 'triggerFilename', logger, answer.value);
  return answer.value;
};

export const safeIsSensitive = (
  plugin: PluginHandle,
  filename: string,
  logger: PluginLogger,
): boolean | undefined => {
  const answer = call(plugin, 'isSensitive', logger, () => plugin.module.isSensitive(filename) as unknown);
  if (!answer.ok) return undefined;
  if (typeof answer.value !== 'boolean') return invalidAnswer(plugin, 'isSensitive', logger, answer.value);
  return answer.value;
};

/** A throwing synchronize becomes an `unsupported` plan whose reason names the plugin. */
export const safeSynchronize = (
  plugin: PluginHandle,
  device: DeviceDocument,
  rawConfig: JsonObject,
  logger: PluginLogger,
): SyncPlan => {
  const answer = call(plugin, 'synchronize', logger, () => plugin.module.synchronize(device, rawConfig));
  if (answer.ok) return answer.value;
  return { kind: 'unsupported', reason: `plugin ${plugin.manifest.id} failed to plan a synchronization` };
};

/** Checked by name too: a plugin package may bundle its own copy of the contract module. */
const isPluginRenderError = (err: unknown): err is PluginRenderError =>
  err instanceof Error && err.name === 'PluginRenderError';

const render = (
  plugin: PluginHandle,
  fn: 'renderDevice' | 'renderCommon',
  logger: PluginLogger,
  run: () => readonly RenderedFile[],
): E.Either<RenderFailure, readonly RenderedFile[]> => {
  const pluginId = plugin.manifest.id;
  let files: unknown;
  try {
    files = run();
  } catch (err) {
    if (isPluginRenderError(err)) return E.left({ pluginId, kind: 'unconfigurable', message: err.message });
    const message = `plugin ${pluginId} failed to render: ${errorMessage(err)}`;
    logger.error({ plugin: pluginId, function: fn, error: errorMessage(err) }, message);
    return E.left({ pluginId, kind: 'plugin-error', message });
  }
  const problem = renderedFilesProblem(files);
  if (problem !== undefined) {
    const message = `plugin ${pluginId} ${problem}`;
    logger.error({ plugin: pluginId, function: fn }, message);
    return E.left({ pluginId, kind: 'invalid-output', message });
  }
  return E.right(files as readonly RenderedFile[]);
};

export const safeRenderDevice = (
  plugin: PluginHandle,
  input: RenderInput,
  logger: PluginLogger,
): E.Either<RenderFailure, readonly RenderedFile[]> =>
  render(plugin, 'renderDevice', logger, () => plugin.module.renderDevice(input));

export const safeRenderCommon = (
  plugin: PluginHandle,
  baseRawConfig: JsonObject,
  logger: PluginLogger,
): E.Either<RenderFailure, readonly RenderedFile[]> =>
  render(plugin, 'renderCommon', logger, () => plugin.module.renderCommon(baseRawConfig));
