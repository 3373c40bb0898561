import type * as E from 'fp-ts/lib/Either.js';
import type { TenantCommand } from '../domain/auth/tenant/commands.js';
import { tenantDecider } from '../domain/auth/tenant/decider.js';
import type { TenantEvent } from '../domain/auth/tenant/events.js';
import type { TokenCommand } from '../domain/auth/token/commands.js';
import { tokenDecider } from '../domain/auth/token/decider.js';
import type { TokenEvent } from '../domain/auth/token/events.js';
import type { ConfigCommand } from '../domain/config/commands.js';
import { configDecider } from '../domain/config/decider.js';
import type { ConfigEvent } from '../domain/config/events.js';
import type { DeviceCommand } from '../domain/device/commands.js';
import { deviceDecider } from '../domain/device/decider.js';
import type { DeviceEvent } from '../domain/device/events.js';
import type { PluginCommand } from '../domain/plugin/commands.js';
import { pluginDecider } from '../domain/plugin/decider.js';
import type { PluginEvent } from '../domain/plugin/events.js';
import type { SettingsCommand } from '../domain/settings/commands.js';
import { settingsDecider } from '../domain/settings/decider.js';
import type { SettingsEvent } from '../domain/settings/events.js';
import {
  configStream,
  deviceStream,
  pluginStream,
  SETTINGS_STREAM,
  tenantStream,
  tokenStream,
} from '../domain/streams.js';
import type { EventMetadata } from '../eventstore/envelope.js';
import type { EventStore } from '../eventstore/port.js';
import {
  type Handled,
  type HandleError,
  type HandleOptions,
  handleCommand,
  handleCommands,
} from './command-handler.js';

/**
 * One entry point per aggregate: the stream is derived from the command's own id, so a command
 * can never be appended to another instance's stream.
 */
type Run<C, Ev extends DeviceEvent | ConfigEvent | PluginEvent | SettingsEvent | TokenEvent | TenantEvent> = (
  store: EventStore,
  command: C,
  metadata: EventMetadata,
  options?: HandleOptions,
) => Promise<E.Either<HandleError, Handled<Ev>>>;

export const runDeviceCommand: Run<DeviceCommand, DeviceEvent> = (store, command, metadata, options) =>
  handleCommand(store, deviceStream(command.deviceId), deviceDecider, command, metadata, options);

export const runConfigCommand: Run<ConfigCommand, ConfigEvent> = (store, command, metadata, options) =>
  handleCommand(store, configStream(command.configId), configDecider, command, metadata, options);

export const runPluginCommand: Run<PluginCommand, PluginEvent> = (store, command, metadata, options) =>
  handleCommand(store, pluginStream(command.pluginId), pluginDecider, command, metadata, options);

export const runSettingsCommand: Run<SettingsCommand, SettingsEvent> = (store, command, metadata, options) =>
  handleCommand(store, SETTINGS_STREAM, settingsDecider, command, metadata, options);

export const runTokenCommand: Run<TokenCommand, TokenEvent> = (store, command, metadata, options) =>
  handleCommand(store, tokenStream(command.tokenId), tokenDecider, command, metadata, options);

export const runTenantCommand: Run<TenantCommand, TenantEvent> = (store, command, metadata, options) =>
  handleCommand(store, tenantStream(command.tenantUuid), tenantDecider, command, metadata, options);

/** Several commands on one device, decided in order and appended as one commit. */
export const runDeviceCommands = (
  store: EventStore,
  deviceId: string,
  commands: readonly DeviceCommand[],
  metadata: EventMetadata,
  options?: HandleOptions,
): Promise<E.Either<HandleError, Handled<DeviceEvent>>> =>
  handleCommands(store, deviceStream(deviceId), deviceDecider, commands, metadata, options);
