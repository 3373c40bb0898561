import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { DeviceCommand } from '../../../src/domain/device/commands.js';
import { deviceDecider } from '../../../src/domain/device/decider.js';
import type { DeviceEvent } from '../../../src/domain/device/events.js';
import type { JsonObject } from '../../../src/domain/shared/json.js';
import { ID, MASTER, SUB1, SUB2 } from './fixtures.js';

const tenant = fc.constantFrom(MASTER, SUB1, SUB2);
const kind = fc.constantFrom('autoprov' as const, 'line' as const, 'other' as const, null);
const mac = fc.constantFrom('00:11:22:33:44:55', 'aa:bb:cc:dd:ee:ff', '00:11:22:33:44:xx', '');
const ip = fc.constantFrom('10.0.0.2', '10.0.0.3', '10.1', '256.0.0.1');
const fields: fc.Arbitrary<JsonObject> = fc.record(
  {
    mac,
    ip,
    plugin: fc.oneof(fc.constantFrom('p1', 'p2'), fc.constant(null)),
    config: fc.constantFrom('autoprov1', 'dev1', 'other'),
    description: fc.oneof(fc.string(), fc.integer()),
    options: fc.oneof(fc.constant({ switchboard: true }), fc.constant('bad')),
    X_custom: fc.jsonValue() as fc.Arbitrary<JsonObject[string]>,
    tenant_uuid: tenant,
  },
  { requiredKeys: [] },
);

const command: fc.Arbitrary<DeviceCommand> = fc.oneof(
  fc.record({
    type: fc.constant('DiscoverDevice' as const),
    deviceId: fc.constant(ID),
    info: fc.record({ mac, ip }, { requiredKeys: [] }),
    masterTenant: fc.constant(MASTER),
    via: fc.constant('dhcp' as const),
  }),
  fc.record({
    type: fc.constant('CreateDevice' as const),
    deviceId: fc.constantFrom(ID, 'bad/id'),
    fields,
    tenantUuid: tenant,
    masterTenant: fc.constant(MASTER),
  }),
  fc.record({
    type: fc.constant('UpdateDevice' as const),
    deviceId: fc.constant(ID),
    fields,
    effectiveTenant: tenant,
    masterTenant: fc.constant(MASTER),
    configKind: kind,
    previousConfigKind: kind,
  }),
  fc.record({
    type: fc.constant('AssignTenant' as const),
    deviceId: fc.constant(ID),
    tenantUuid: tenant,
    masterTenant: fc.constant(MASTER),
  }),
  fc.record({
    type: fc.constant('AssignConfig' as const),
    deviceId: fc.constant(ID),
    config: fc.constantFrom('autoprov1', 'dev1', null),
    kind,
    previousKind: kind,
  }),
  fc.record({
    type: fc.constant('RecordConfiguration' as const),
    deviceId: fc.constant(ID),
    configured: fc.boolean(),
    error: fc.constantFrom(null, 'boom'),
  }),
  fc.record({ type: fc.constant('DeleteDevice' as const), deviceId: fc.constant(ID) }),
  fc.record({ type: fc.constant('RequestSynchronize' as const), deviceId: fc.constant(ID) }),
);

/** Runs commands in sequence, keeping the events of accepted ones, as the command handler does. */
const run = (commands: readonly DeviceCommand[]) => {
  let state = deviceDecider.initialState;
  const events: DeviceEvent[] = [];
  for (const c of commands) {
    const decision = deviceDecider.decide(c, state);
    if (E.isRight(decision)) {
      for (const event of decision.right) state = deviceDecider.evolve(state, event);
      events.push(...decision.right);
    }
  }
  return { state, events };
};

describe('device decider properties', () => {
  it('never throws on random command sequences', () => {
    fc.assert(fc.property(fc.array(command, { maxLength: 25 }), (commands) => void run(commands)));
  });

  it('moves a device out of the master tenant at most once per life', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        let assignmentsThisLife = 0;
        for (const event of run(commands).events) {
          if (event.type === 'DeviceDeleted') assignmentsThisLife = 0;
          if (event.type === 'TenantAssigned') {
            assignmentsThisLife++;
            expect(event.data.previous).toBe(MASTER);
          }
          expect(assignmentsThisLife).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('is idempotent: repeating an accepted update records nothing', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 15 }), command, (commands, last) => {
        const { state } = run(commands);
        const first = deviceDecider.decide(last, state);
        if (E.isLeft(first) || last.type === 'RequestSynchronize' || last.type === 'DeleteDevice') return;
        if (last.type === 'DiscoverDevice' || last.type === 'CreateDevice') return;
        const after = first.right.reduce(deviceDecider.evolve, state);
        const again = deviceDecider.decide(last, after);
        expect(E.isRight(again) ? again.right : again.left).toEqual([]);
      }),
    );
  });
});
