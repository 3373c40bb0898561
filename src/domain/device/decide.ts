import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type DomainError, domainError } from '../shared/errors.js';
import { invalidIdMessage, isValidDocumentId } from '../shared/ids.js';
import type {
  CreateDevice,
  DeviceCommand,
  DiscoverDevice,
  RecordConfiguration,
  ReportRemoteState,
  UpdateDeviceInfo,
} from './commands.js';
import { configChange } from './decide-config.js';
import { decideAssignTenant } from './decide-tenant.js';
import { decideUpdateDevice } from './decide-update.js';
import { DEVICE_INFO_KEYS, type DeviceDocument, type DeviceInfo } from './document.js';
import type { DeviceEvent } from './events.js';
import type { DeviceState } from './state.js';
import { normaliseDeviceFields, normaliseDeviceInfo } from './validation.js';

type Decision = E.Either<DomainError, readonly DeviceEvent[]>;

const NOT_FOUND = domainError('not_found', 'No such resource');
const nothing: Decision = E.right([]);

/** A new life for the id: refused while the device exists (provd answered with the id). */
const checkNewId = (deviceId: string, state: DeviceState): DomainError | undefined => {
  if (!isValidDocumentId(deviceId)) return domainError('validation', invalidIdMessage(deviceId));
  if (state.document !== undefined) return domainError('already_exists', deviceId);
  return undefined;
};

const discover = (command: DiscoverDevice, state: DeviceState): Decision =>
  E.flatMap(normaliseDeviceInfo(command.info), (info): Decision => {
    const refused = checkNewId(command.deviceId, state);
    if (refused !== undefined) return E.left(refused);
    const { deviceId, masterTenant, via } = command;
    return E.right([{ type: 'DeviceDiscovered', data: { deviceId, info, tenantUuid: masterTenant, via } }]);
  });

const create = (command: CreateDevice, state: DeviceState): Decision =>
  E.flatMap(normaliseDeviceFields(command.fields), (fields): Decision => {
    const refused = checkNewId(command.deviceId, state);
    if (refused !== undefined) return E.left(refused);
    const { deviceId, tenantUuid } = command;
    return E.right([{ type: 'DeviceCreated', data: { deviceId, tenantUuid, fields } }]);
  });

const updateInfo = (command: UpdateDeviceInfo, doc: DeviceDocument): Decision =>
  pipe(
    normaliseDeviceInfo(command.info),
    E.map((info): readonly DeviceEvent[] => {
      const changes: { -readonly [K in keyof DeviceInfo]: string } = {};
      for (const key of DEVICE_INFO_KEYS) {
        const value = info[key];
        if (value !== undefined && value !== doc[key]) changes[key] = value;
      }
      const removed = (command.removed ?? []).filter(
        (key) => doc[key] !== undefined && info[key] === undefined,
      );
      if (Object.keys(changes).length === 0 && removed.length === 0) return [];
      return [{ type: 'DeviceInfoChanged', data: { deviceId: doc.id, changes, removed } }];
    }),
  );

const reportRemoteState = (command: ReportRemoteState, state: DeviceState): Decision => {
  const { deviceId, sipUsername, filename, contentHash } = command;
  const last = state.remoteState;
  if ((last?.sipUsername ?? null) === sipUsername && (last?.contentHash ?? null) === contentHash)
    return nothing;
  return E.right([{ type: 'RemoteStateReported', data: { deviceId, sipUsername, filename, contentHash } }]);
};

const recordConfiguration = (
  command: RecordConfiguration,
  state: DeviceState,
  doc: DeviceDocument,
): Decision => {
  const { deviceId, configured, error } = command;
  if (doc.configured === configured && state.configurationError === error) return nothing;
  return E.right([{ type: 'DeviceConfigurationChanged', data: { deviceId, configured, error } }]);
};

export const decideDevice = (command: DeviceCommand, state: DeviceState): Decision => {
  if (command.type === 'DiscoverDevice') return discover(command, state);
  if (command.type === 'CreateDevice') return create(command, state);
  const doc = state.document;
  if (doc === undefined) return E.left(NOT_FOUND);
  const deviceId = doc.id;
  switch (command.type) {
    case 'UpdateDeviceInfo':
      return updateInfo(command, doc);
    case 'AssociatePlugin': {
      const previous = doc.plugin ?? null;
      if (previous === command.plugin) return nothing;
      const { plugin, score } = command;
      return E.right([{ type: 'PluginAssociated', data: { deviceId, plugin, previous, score } }]);
    }
    case 'AssignConfig':
      return E.right(configChange(deviceId, doc.config, command.config, command.kind, command.previousKind));
    case 'AssignTenant':
      return decideAssignTenant(doc, command.tenantUuid, command.masterTenant);
    case 'UpdateDevice':
      return decideUpdateDevice(command, doc);
    case 'DeleteDevice':
      // provd refused to delete any document marked `deletable: false`, devices included.
      if (doc.deletable === false) {
        return E.left(domainError('not_deletable', `The document ${deviceId} is not deletable`));
      }
      return E.right([{ type: 'DeviceDeleted', data: { deviceId } }]);
    case 'RequestSynchronize':
      if (!doc.configured) {
        return E.left(domainError('invalid_state', `Can't synchronize not configured device ${deviceId}`));
      }
      return E.right([{ type: 'SynchronizeRequested', data: { deviceId } }]);
    case 'ReportRemoteState':
      return reportRemoteState(command, state);
    case 'RecordConfiguration':
      return recordConfiguration(command, state, doc);
  }
};
