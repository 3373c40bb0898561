import { describe, it } from 'vitest';
import type { CreateDevice, DiscoverDevice } from '../../../src/domain/device/commands.js';
import { deviceDecider } from '../../../src/domain/device/decider.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { spec } from '../../support/decider-spec.js';
import { configured, created, deleted, discovered, FIXTURE_FIELDS, ID, MASTER, SUB1 } from './fixtures.js';

const device = spec(deviceDecider);

const discover = (info: JsonObject = { ip: '10.0.0.2' }, deviceId = ID): DiscoverDevice => ({
  type: 'DiscoverDevice',
  deviceId,
  info,
  masterTenant: MASTER,
  via: 'phone-http',
});

const create = (fields: JsonObject, tenantUuid = MASTER, deviceId = ID): CreateDevice => ({
  type: 'CreateDevice',
  deviceId,
  fields,
  tenantUuid,
  masterTenant: MASTER,
});

describe('DiscoverDevice', () => {
  it('creates the device in the master tenant', () => {
    device
      .given([])
      .when(discover({ ip: '10.0.0.2', mac: '00:11:22:33:44:55' }))
      .then([discovered({ ip: '10.0.0.2', mac: '00:11:22:33:44:55' })]);
  });

  it('refuses an existing device', () => {
    device.given([discovered()]).when(discover()).thenFails('already_exists', ID);
  });

  it('validates the info like an insert', () => {
    device
      .given([])
      .when(discover({ mac: '00:11:22:33:44:XX' }))
      .thenFails('validation');
  });

  it('discovers again after deletion', () => {
    device.given([discovered(), deleted]).when(discover()).then([discovered()]);
  });
});

describe('CreateDevice', () => {
  it('records the validated client fields in the effective tenant', () => {
    device
      .given([])
      .when(create(FIXTURE_FIELDS, SUB1))
      .then([{ type: 'DeviceCreated', data: { deviceId: ID, tenantUuid: SUB1, fields: FIXTURE_FIELDS } }]);
  });

  it('drops server-owned keys and the tenant of the body', () => {
    device
      .given([])
      .when(
        create({
          id: 'other',
          tenant_uuid: SUB1,
          is_new: false,
          configured: true,
          added: 'auto',
          remote_state_sip_username: 'x',
          description: 'desk',
        }),
      )
      .then([created(MASTER, { description: 'desk' })]);
  });

  it('answers an existing id with the id as message', () => {
    device
      .given([created(MASTER)])
      .when(create({}))
      .thenFails('already_exists', ID);
  });

  it('refuses ids that cannot be file names', () => {
    device
      .given([])
      .when(create({}, MASTER, '*&!"/invalid _'))
      .thenFails('validation', /^Invalid id "\*&!"\/invalid _"/);
    device
      .given([])
      .when(create({}, MASTER, '..'))
      .thenFails('validation');
    device
      .given([])
      .when(create({}, MASTER, 'a'.repeat(129)))
      .thenFails('validation');
  });

  it('accepts MAC-like and uuid-like ids', () => {
    device
      .given([])
      .when(create({}, MASTER, '00:11:22:33:44:55'))
      .then([
        { type: 'DeviceCreated', data: { deviceId: '00:11:22:33:44:55', tenantUuid: MASTER, fields: {} } },
      ]);
  });

  it('refuses a non-normalized MAC address first', () => {
    device
      .given([])
      .when(create({ mac: '00:11:22:33:44:xx', ip: '10.0.1.xx' }))
      .thenFails('validation', 'Non-normalized MAC address 00:11:22:33:44:xx');
    device
      .given([])
      .when(create({ mac: '00-11-22-33-44-55' }))
      .thenFails('validation');
    device
      .given([])
      .when(create({ mac: '00:11:22:33:44:AA' }))
      .thenFails('validation');
  });

  it('refuses a non-normalized IP address', () => {
    device
      .given([])
      .when(create({ ip: '10.0.1.xx' }))
      .thenFails('validation', 'Non-normalized IP address 10.0.1.xx');
    device
      .given([])
      .when(create({ ip: '10.0.1.256' }))
      .thenFails('validation');
    device
      .given([])
      .when(create({ ip: '10.1' }))
      .thenFails('validation');
  });

  it('checks the schema: strings accept numbers, not objects', () => {
    device
      .given([])
      .when(create({ model: 42, version: 1.5 }))
      .then([created(MASTER, { model: '42', version: '1.5' })]);
    device
      .given([])
      .when(create({ model: { a: 1 }, plugin: true }))
      .thenFails('validation', 'model: str type expected\nplugin: str type expected');
    device
      .given([])
      .when(create({ options: 'x' }))
      .thenFails('validation', 'options: value is not a valid dict');
    device
      .given([])
      .when(create({ mac: '' }))
      .thenFails('validation', /^mac: string does not match regex/);
  });

  it('treats null on typed fields as absent and keeps custom keys verbatim', () => {
    device
      .given([])
      .when(create({ plugin: null, ip: null, options: null, X_note: null, foo: { bar: [1] } }))
      .then([created(MASTER, { X_note: null, foo: { bar: [1] } })]);
  });

  it('creates again after deletion', () => {
    device
      .given([created(SUB1), deleted])
      .when(create({}))
      .then([created(MASTER)]);
  });
});

describe('DeleteDevice', () => {
  it('deletes an existing device', () => {
    device.given([discovered()]).when({ type: 'DeleteDevice', deviceId: ID }).then([deleted]);
  });

  it('reports absent and already deleted devices as not found', () => {
    device.given([]).when({ type: 'DeleteDevice', deviceId: ID }).thenFails('not_found', 'No such resource');
    device
      .given([discovered(), deleted])
      .when({ type: 'DeleteDevice', deviceId: ID })
      .thenFails('not_found', 'No such resource');
  });

  it('refuses a device marked deletable: false, as provd did for any document', () => {
    device
      .given([created(MASTER, { deletable: false })])
      .when({ type: 'DeleteDevice', deviceId: ID })
      .thenFails('not_deletable', `The document ${ID} is not deletable`);
  });
});

describe('RequestSynchronize', () => {
  it('is accepted for a configured device', () => {
    device
      .given([discovered(), configured()])
      .when({ type: 'RequestSynchronize', deviceId: ID })
      .then([{ type: 'SynchronizeRequested', data: { deviceId: ID } }]);
  });

  it('fails for a device that is not configured', () => {
    device
      .given([discovered()])
      .when({ type: 'RequestSynchronize', deviceId: ID })
      .thenFails('invalid_state', `Can't synchronize not configured device ${ID}`);
    device
      .given([discovered(), configured(), configured(false, 'boom')])
      .when({ type: 'RequestSynchronize', deviceId: ID })
      .thenFails('invalid_state');
  });

  it('reports an unknown device as not found', () => {
    device.given([]).when({ type: 'RequestSynchronize', deviceId: ID }).thenFails('not_found');
  });
});
