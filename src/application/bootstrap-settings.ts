import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { settingsDecider } from '../domain/settings/decider.js';
import type { JsonObject } from '../domain/shared/json.js';
import { SETTINGS_STREAM } from '../domain/streams.js';
import type { EventMetadata } from '../eventstore/envelope.js';
import type { EventStore } from '../eventstore/port.js';
import { runSettingsCommand } from './aggregates.js';
import { loadState } from './command-handler.js';

const SYSTEM: EventMetadata = { source: 'system' };

export interface BootstrapResult {
  readonly masterTenant: string;
  /** Position of the last event written, or undefined when nothing changed. */
  readonly position: number | undefined;
}

/**
 * Start-up facts the log must hold before anything else: the master tenant (generated once, on
 * first start, until an authentication backend provides it) and the base raw config from the
 * server configuration (recorded only when it changed, so restarts write nothing).
 */
export const bootstrapSettings = async (
  store: EventStore,
  options: {
    readonly baseRawConfig: JsonObject;
    readonly masterTenant?: string;
    readonly newId?: () => string;
  },
): Promise<BootstrapResult> => {
  const newId = options.newId ?? randomUUID;
  const { state } = await loadState(store, SETTINGS_STREAM, settingsDecider);
  const masterTenant = options.masterTenant ?? state.masterTenant ?? newId();
  let position: number | undefined;
  for (const command of [
    { type: 'SetMasterTenant', tenantUuid: masterTenant } as const,
    { type: 'SetBaseRawConfig', rawConfig: options.baseRawConfig } as const,
  ]) {
    const result = await runSettingsCommand(store, command, SYSTEM);
    if (E.isLeft(result)) throw new Error(`start-up settings refused: ${result.left.message}`);
    position = result.right.position ?? position;
  }
  return { masterTenant, position };
};
