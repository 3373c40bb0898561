import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { DomainError } from '../shared/errors.js';
import { type JsonObject, type JsonValue, jsonEqual } from '../shared/json.js';
import type { UpdateDevice } from './commands.js';
import { configChange } from './decide-config.js';
import { refusedMove, tenantOnUpdate } from './decide-tenant.js';
import { DEVICE_INFO_KEYS, type DeviceDocument, type DeviceInfo, SERVER_OWNED_KEYS } from './document.js';
import type { DeviceEvent, DeviceUpdated } from './events.js';
import { normaliseDeviceFields } from './validation.js';

/** Keys with their own events; everything else a client sends is a plain field (DeviceUpdated). */
const DEDICATED: ReadonlySet<string> = new Set([
  ...SERVER_OWNED_KEYS,
  ...DEVICE_INFO_KEYS,
  'plugin',
  'config',
]);

const text = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

const infoChange = (doc: DeviceDocument, fields: JsonObject): readonly DeviceEvent[] => {
  const changes: { -readonly [K in keyof DeviceInfo]: string } = {};
  const removed: string[] = [];
  for (const key of DEVICE_INFO_KEYS) {
    const next = text(fields[key]);
    if (next === undefined) {
      if (doc[key] !== undefined) removed.push(key);
    } else if (next !== doc[key]) {
      changes[key] = next;
    }
  }
  if (Object.keys(changes).length === 0 && removed.length === 0) return [];
  return [{ type: 'DeviceInfoChanged', data: { deviceId: doc.id, changes, removed } }];
};

const pluginChange = (doc: DeviceDocument, fields: JsonObject): readonly DeviceEvent[] => {
  const previous = doc.plugin ?? null;
  const plugin = text(fields.plugin) ?? null;
  if (plugin === previous) return [];
  // A plugin chosen by an admin has no association score.
  return [{ type: 'PluginAssociated', data: { deviceId: doc.id, plugin, previous, score: null } }];
};

const otherFieldsChange = (doc: DeviceDocument, fields: JsonObject): readonly DeviceUpdated[] => {
  const set: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!DEDICATED.has(key) && !(Object.hasOwn(doc, key) && jsonEqual(doc[key], value))) set[key] = value;
  }
  const unset = Object.keys(doc).filter((key) => !DEDICATED.has(key) && !Object.hasOwn(fields, key));
  if (Object.keys(set).length === 0 && unset.length === 0) return [];
  return [{ type: 'DeviceUpdated', data: { deviceId: doc.id, set, unset } }];
};

/**
 * provd's PUT replaces every client field; we record it as the fine-grained changes it amounts
 * to, in this order: tenant, identification, plugin, config, other fields. An identical PUT
 * records nothing. Server-owned keys in the body are ignored (see decide-tenant.ts for the
 * tenant).
 */
export const decideUpdateDevice = (
  command: UpdateDevice,
  doc: DeviceDocument,
): E.Either<DomainError, readonly DeviceEvent[]> => {
  const move = refusedMove(doc, command.requestedTenant, command.masterTenant);
  if (move !== undefined) return E.left(move);
  return pipe(
    normaliseDeviceFields(command.fields),
    E.map((fields): readonly DeviceEvent[] => [
      ...tenantOnUpdate(doc, command.effectiveTenant, command.masterTenant),
      ...infoChange(doc, fields),
      ...pluginChange(doc, fields),
      ...configChange(
        doc.id,
        doc.config,
        text(fields.config) ?? null,
        command.configKind,
        command.previousConfigKind,
      ),
      ...otherFieldsChange(doc, fields),
    ]),
  );
};
